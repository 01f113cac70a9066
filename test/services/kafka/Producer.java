// Writes a topic with Kafka's own Java producer (kafka-clients from the cached broker jars), so
// tests read what real producers write: record batches compressed with gzip, snappy (xerial
// framing), lz4 or zstd.
//
//   java -cp '<cache>/kafka-4.1.1/lib/*' test/services/kafka/Producer.java \
//     <brokers> <topic> <partitions> <compression> <count> [valueBytes]
//
// Creates the topic (replication 1), then sends <count> records: record i goes to partition
// i % partitions with key "k<i>" and value "v<i>" (padded with '.' to valueBytes when given),
// timestamps in send order. Every send's future is checked: any failure exits 1. Prints
// "sent <count>" on stdout at the end.
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

public class Producer {
  public static void main(String[] args) throws Exception {
    if (args.length < 5) {
      System.err.println("usage: Producer <brokers> <topic> <partitions> <compression> <count> [valueBytes]");
      System.exit(2);
    }
    String brokers = args[0], topic = args[1], compression = args[3];
    int partitions = Integer.parseInt(args[2]);
    int count = Integer.parseInt(args[4]);
    int valueBytes = args.length > 5 ? Integer.parseInt(args[5]) : 0;

    Properties adminProps = new Properties();
    adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    try (Admin admin = Admin.create(adminProps)) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }

    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    List<Future<RecordMetadata>> sends = new ArrayList<>(count);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      for (int i = 0; i < count; i++) {
        StringBuilder value = new StringBuilder("v").append(i);
        while (value.length() < valueBytes) value.append('.');
        sends.add(producer.send(new ProducerRecord<>(topic, i % partitions, "k" + i, value.toString())));
      }
      producer.flush();
      for (Future<RecordMetadata> send : sends) send.get(); // throws on any failed send
    }
    System.out.println("sent " + count);
  }
}

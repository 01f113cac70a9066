import kafkajs from "kafkajs";
import type { PartitionAssigner } from "kafkajs";

const { AssignerProtocol } = kafkajs;

/**
 * A kafkajs partition assigner that gives the group's leader exactly the partitions named and
 * every other member nothing. sdfkit's readers each run in a consumer group of their own, so
 * the leader is the only member: with `{ events: [3] }` it fetches partition 3 of `events` and
 * no other partition. With `{}` nobody is assigned anything (a member that only commits).
 *
 * The protocol name is sdfkit's own, so a consumer of another library joining the same group
 * fails to join rather than sharing partitions with a reader.
 *
 * @param assignment - partitions per topic for the leader
 * @returns the assigner, for `kafka.consumer({ partitionAssigners: [...] })`
 *
 * @example
 * ```ts
 * kafka.consumer({ groupId: `sdfkit-reader-${randomUUID()}`, partitionAssigners: [fixedAssigner({ events: [3] })] });
 * ```
 */
export function fixedAssigner(assignment: Readonly<Record<string, readonly number[]>>): PartitionAssigner {
  return () => ({
    name: "sdfkit-fixed",
    version: 0,
    async assign({ members }) {
      const ids = members.map((member) => member.memberId).sort();
      return ids.map((memberId, i) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 0,
          assignment: i === 0 ? Object.fromEntries(Object.entries(assignment).map(([topic, partitions]) => [topic, [...partitions]])) : {},
          userData: Buffer.alloc(0),
        }),
      }));
    },
    protocol({ topics }) {
      return { name: "sdfkit-fixed", metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }) };
    },
  });
}

import type { Admin, Kafka } from "kafkajs";
import { InvalidOptionError } from "../../src/errors/InvalidOptionError.js";
import type { CommitOffset } from "../log/PartitionedLog.js";
import { fixedAssigner } from "./fixedAssigner.js";

/** Group states in which no consumer is a member (`Dead`: the group does not exist). */
const IDLE_STATES = new Set(["Empty", "Dead", ""]);
/** States a group passes through while members join or leave. */
const REBALANCING_STATES = new Set(["PreparingRebalance", "CompletingRebalance"]);
/** How long a commit waits for a group that is rebalancing (a member leaving) to become idle. */
const IDLE_WAIT_MS = 10_000;
const IDLE_POLL_MS = 200;

/**
 * Commits next-offsets for a consumer group that nobody is consuming with, the way Kafka's
 * offset tools do for an idle group. kafkajs 2.2.4 commits only as a group member (its
 * `admin.setOffsets` also joins the group, then sleeps through a 5 s fetch wait), so this joins
 * the group for the moment of the commit: a member that is assigned nothing, commits with its
 * generation, and leaves.
 *
 * The group must be idle: a commit into a group with running consumers would rebalance them
 * (and be overwritten by their own commits), so that is refused before joining — after waiting
 * up to 10 s for a group that is only rebalancing (the member of a previous commit leaving). On a broker
 * with the default `group.initial.rebalance.delay.ms` (3 s), joining an empty group waits that
 * long; the test broker sets it to 0.
 *
 * @param kafka - the kafkajs client
 * @param admin - a connected admin client of it
 * @param groupId - the group
 * @param offsets - next offsets to read, per topic-partition
 * @throws {@link InvalidOptionError} when the group has active members; kafkajs errors otherwise (the caller maps them)
 */
export async function commitGroupOffsets(kafka: Kafka, admin: Admin, groupId: string, offsets: readonly CommitOffset[]): Promise<void> {
  // A commit a moment ago leaves the group rebalancing while its member leaves: wait that out
  // (up to IDLE_WAIT_MS) rather than refusing, which would drop the commit.
  let { groups } = await admin.describeGroups([groupId]);
  let state = groups.find((group) => group.groupId === groupId)?.state ?? "";
  for (let waited = 0; REBALANCING_STATES.has(state) && waited < IDLE_WAIT_MS; waited += IDLE_POLL_MS) {
    await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
    ({ groups } = await admin.describeGroups([groupId]));
    state = groups.find((group) => group.groupId === groupId)?.state ?? "";
  }
  if (!IDLE_STATES.has(state)) {
    const members = groups.find((group) => group.groupId === groupId)?.members.length ?? 0;
    throw new InvalidOptionError(
      `Cannot commit offsets for consumer group "${groupId}": it has ${members} active member(s) (state ${state}), and sdfkit commits only for a group no running consumer uses; ` +
        `choose a groupId of its own for commitOffsets`,
      { context: { input: `kafka group ${groupId}` } },
    );
  }
  const topics = [...new Set(offsets.map((offset) => offset.topic))];
  const consumer = kafka.consumer({
    groupId,
    partitionAssigners: [fixedAssigner({})],
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 100,
    retry: { restartOnFailure: async () => false },
  });
  let crash: unknown = undefined;
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    crash = payload.error;
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics });
    await consumer.run({ autoCommit: false, eachBatch: async () => {} });
    if (crash !== undefined) throw crash;
    await consumer.commitOffsets(offsets.map(({ topic, partition, offset }) => ({ topic, partition, offset: String(offset) })));
    if (crash !== undefined) throw crash;
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}

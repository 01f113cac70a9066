import type { Admin } from "kafkajs";
import { InvalidOptionError } from "../../src/errors/InvalidOptionError.js";
import type { CommitOffset } from "../log/PartitionedLog.js";
import type { CommitCluster } from "./kafkaCluster.js";
import { isLeadershipChange } from "./kafkaErrors.js";

/** Group states in which no consumer is a member (`Dead`: the group does not exist). */
const IDLE_STATES = new Set(["Empty", "Dead", ""]);
/** States a group passes through while members join or leave. */
const REBALANCING_STATES = new Set(["PreparingRebalance", "CompletingRebalance"]);
/** How long a commit waits for a group that is rebalancing (a member leaving) to become idle. */
const IDLE_WAIT_MS = 10_000;
const IDLE_POLL_MS = 200;
/** Attempts of an OffsetCommit that meets a coordinator moving or loading. */
const COMMIT_ATTEMPTS = 5;

/**
 * Commits next-offsets for a consumer group that nobody is consuming with, the way Kafka's Java
 * consumer does after `assign()` (a "simple" group) and Beam's KafkaIO after finalization: an
 * OffsetCommit to the group's coordinator with generation -1 and no member id. Nothing joins the
 * group, so a commit takes a round trip, not the broker's `group.initial.rebalance.delay.ms`.
 *
 * The broker accepts such a commit only while the group has no members; a group with running
 * consumers is refused here first, naming it.
 *
 * @param cluster - a connected-or-not kafkajs cluster (sdfkit's own; it joins nothing)
 * @param admin - an admin client, to check the group's state
 * @param groupId - the group
 * @param offsets - next offsets to read, per topic-partition
 * @throws {@link InvalidOptionError} when the group has active members
 *
 * @example
 * ```ts
 * await commitGroupOffsets(cluster, admin, "billing", [{ topic: "events", partition: 0, offset: 1200 }]);
 * ```
 */
export async function commitGroupOffsets(cluster: CommitCluster, admin: Admin, groupId: string, offsets: readonly CommitOffset[]): Promise<void> {
  // A group a consumer is just leaving is rebalancing: wait that out (up to IDLE_WAIT_MS).
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
  const byTopic = new Map<string, { partition: number; offset: string }[]>();
  for (const { topic, partition, offset } of offsets) byTopic.set(topic, [...(byTopic.get(topic) ?? []), { partition, offset: String(offset) }]);
  const topics = [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
  for (let attempt = 1; ; attempt++) {
    try {
      await cluster.connect();
      const coordinator = await cluster.findGroupCoordinator({ groupId });
      await coordinator.offsetCommit({ groupId, groupGenerationId: -1, memberId: "", topics });
      return;
    } catch (error) {
      const type = (error as { type?: string } | null)?.type;
      const moving = isLeadershipChange(error) || type === "NOT_COORDINATOR" || type === "COORDINATOR_LOAD_IN_PROGRESS" || type === "COORDINATOR_NOT_AVAILABLE";
      if (!moving || attempt >= COMMIT_ATTEMPTS) throw error;
      await cluster.refreshMetadata().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

import fc from "fast-check";

// One fixed seed for every property in the run, printed so a failure reproduces:
// FC_SEED=<seed> npm test
const seed = process.env.FC_SEED === undefined ? 20261125 : Number(process.env.FC_SEED);
if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, got ${process.env.FC_SEED}`);
fc.configureGlobal({ seed, numRuns: 200 });
if (!process.env.FC_SEED_PRINTED) {
  process.env.FC_SEED_PRINTED = "1";
  console.log(`fast-check seed: ${seed} (replay with FC_SEED=${seed})`);
}

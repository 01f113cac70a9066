// The `sdfkit` entry point: every public name of the core, listed explicitly.

// Errors: one hierarchy under SdfError, every class exported once.
export { SdfError } from "./errors/SdfError.js";
export type { SdfErrorContext, SdfErrorOptions } from "./errors/SdfError.js";
export { ByteSourceClosedError } from "./errors/ByteSourceClosedError.js";
export { CheckpointError } from "./errors/CheckpointError.js";
export { ClaimOrderError } from "./errors/ClaimOrderError.js";
export { CorruptInputError } from "./errors/CorruptInputError.js";
export { InputAccessError } from "./errors/InputAccessError.js";
export { InputNotFoundError, InputNotFoundError as NotFoundError } from "./errors/InputNotFoundError.js";
export { InternalError } from "./errors/InternalError.js";
export { InvalidOptionError } from "./errors/InvalidOptionError.js";
export { InvalidRestrictionError } from "./errors/InvalidRestrictionError.js";
export { InvalidSourceError } from "./errors/InvalidSourceError.js";
export { InvalidSplitError } from "./errors/InvalidSplitError.js";
export { InvalidTimestampError } from "./errors/InvalidTimestampError.js";
export { LogClosedError } from "./errors/LogClosedError.js";
export { OutputOutsideClaimError } from "./errors/OutputOutsideClaimError.js";
export { PrecisionLossError } from "./errors/PrecisionLossError.js";
export { ProtocolError } from "./errors/ProtocolError.js";
export { RestrictionCoderError } from "./errors/RestrictionCoderError.js";
export { RunCancelledError } from "./errors/RunCancelledError.js";
export { SchemaMismatchError } from "./errors/SchemaMismatchError.js";
export { SourceChangedError } from "./errors/SourceChangedError.js";
export { TransientIoError } from "./errors/TransientIoError.js";
export { UnfinishedWorkError } from "./errors/UnfinishedWorkError.js";
export { UnsupportedFeatureError } from "./errors/UnsupportedFeatureError.js";
export { UnsupportedFormatError } from "./errors/UnsupportedFormatError.js";
export { UnsupportedSchemeError } from "./errors/UnsupportedSchemeError.js";
export { UnsupportedVersionError } from "./errors/UnsupportedVersionError.js";
export { WorkItemFailedError } from "./errors/WorkItemFailedError.js";
export { serializeError, deserializeError } from "./errors/errorTransport.js";
export type { SerializedError } from "./errors/errorTransport.js";
export { registerErrorClass } from "./errors/errorClassRegistry.js";
export type { ErrorClass } from "./errors/errorClassRegistry.js";
export { CORE_ERROR_CLASSES } from "./errors/coreErrorClasses.js";

export type { RestrictionTracker, SplitResult, Progress } from "./restrictions/RestrictionTracker.js";
export { OffsetRange } from "./restrictions/OffsetRange.js";
export { OffsetRangeTracker } from "./restrictions/OffsetRangeTracker.js";
export { WeightedOffsetRangeTracker } from "./restrictions/WeightedOffsetRangeTracker.js";
export type { PositionWeights } from "./restrictions/WeightedOffsetRangeTracker.js";
export { GrowableOffsetRangeTracker } from "./restrictions/GrowableOffsetRangeTracker.js";
export type { RangeEndEstimator } from "./restrictions/GrowableOffsetRangeTracker.js";
export { ByteKeyRange } from "./restrictions/ByteKeyRange.js";
export { ByteKeyRangeTracker } from "./restrictions/ByteKeyRangeTracker.js";
export { compareKeys, nextKey } from "./restrictions/byteKeys.js";
export { UnsplittableTracker } from "./restrictions/UnsplittableTracker.js";
export { ForwardingTracker } from "./restrictions/ForwardingTracker.js";
export { RangedRestrictionTracker } from "./restrictions/RangedRestrictionTracker.js";
export type { RangedRestriction } from "./restrictions/RangedRestrictionTracker.js";
export { unwrapTracker } from "./restrictions/unwrapTracker.js";
export type { RestrictionCoder } from "./restrictions/coders/RestrictionCoder.js";
export { offsetRangeCoder } from "./restrictions/coders/offsetRangeCoder.js";
export { byteKeyRangeCoder } from "./restrictions/coders/byteKeyRangeCoder.js";
export { builtinRestrictionCoder, isBuiltinRestriction } from "./restrictions/coders/builtinRestrictionCoder.js";
export type { BuiltinRestriction } from "./restrictions/coders/builtinRestrictionCoder.js";

export { MIN_TIMESTAMP, MAX_TIMESTAMP, assertTimestamp } from "./watermark/timestamps.js";
export type { WatermarkEstimator, TimestampObservingWatermarkEstimator } from "./watermark/WatermarkEstimator.js";
export { observesTimestamps } from "./watermark/WatermarkEstimator.js";
export { ManualWatermarkEstimator } from "./watermark/ManualWatermarkEstimator.js";
export { MonotonicallyIncreasingWatermarkEstimator } from "./watermark/MonotonicallyIncreasingWatermarkEstimator.js";
export { WallTimeWatermarkEstimator } from "./watermark/WallTimeWatermarkEstimator.js";

export { ProcessContinuation } from "./sdf/ProcessContinuation.js";
export type { ProcessContext } from "./sdf/ProcessContext.js";
export type { BundleFinalizer, FinalizationCallback, PendingFinalization } from "./sdf/BundleFinalizer.js";
export { DEFAULT_FINALIZATION_TIMEOUT_MS } from "./sdf/BundleFinalizer.js";
export { SplittableDoFn } from "./sdf/SplittableDoFn.js";
export { invokeProcessElement } from "./sdf/invokeProcessElement.js";
export type { InvokeOptions, InvokeResult, LiveSplit, RunningRestriction } from "./sdf/invokeProcessElement.js";

export { LocalRunner } from "./runner/LocalRunner.js";
export type { AnySplittableDoFn } from "./runner/LocalRunner.js";
export type { LocalRunnerOptions } from "./runner/LocalRunnerOptions.js";
export type { RunProgress } from "./runner/RunProgress.js";
export type { SdfModuleReference } from "./sdf/SdfModuleReference.js";

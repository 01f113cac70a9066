import { registerErrorClass } from "./errorClassRegistry.js";
import { ByteSourceClosedError } from "./ByteSourceClosedError.js";
import { CheckpointError } from "./CheckpointError.js";
import { ClaimOrderError } from "./ClaimOrderError.js";
import { CorruptInputError } from "./CorruptInputError.js";
import { InputAccessError } from "./InputAccessError.js";
import { InputNotFoundError } from "./InputNotFoundError.js";
import { InternalError } from "./InternalError.js";
import { InvalidOptionError } from "./InvalidOptionError.js";
import { InvalidRestrictionError } from "./InvalidRestrictionError.js";
import { InvalidSourceError } from "./InvalidSourceError.js";
import { InvalidSplitError } from "./InvalidSplitError.js";
import { InvalidTimestampError } from "./InvalidTimestampError.js";
import { LogClosedError } from "./LogClosedError.js";
import { OutputOutsideClaimError } from "./OutputOutsideClaimError.js";
import { PrecisionLossError } from "./PrecisionLossError.js";
import { ProtocolError } from "./ProtocolError.js";
import { RestrictionCoderError } from "./RestrictionCoderError.js";
import { RunCancelledError } from "./RunCancelledError.js";
import { SchemaMismatchError } from "./SchemaMismatchError.js";
import { SdfError } from "./SdfError.js";
import { SourceChangedError } from "./SourceChangedError.js";
import { TransientIoError } from "./TransientIoError.js";
import { UnfinishedWorkError } from "./UnfinishedWorkError.js";
import { UnsupportedFeatureError } from "./UnsupportedFeatureError.js";
import { UnsupportedFormatError } from "./UnsupportedFormatError.js";
import { UnsupportedSchemeError } from "./UnsupportedSchemeError.js";
import { UnsupportedVersionError } from "./UnsupportedVersionError.js";
import { WorkItemFailedError } from "./WorkItemFailedError.js";

/**
 * Every error class of the core, registered for `deserializeError` so that errors keep their class
 * across worker threads and processes. Importing this module registers them.
 */
export const CORE_ERROR_CLASSES = [
  ByteSourceClosedError,
  CheckpointError,
  ClaimOrderError,
  CorruptInputError,
  InputAccessError,
  InputNotFoundError,
  InternalError,
  InvalidOptionError,
  InvalidRestrictionError,
  InvalidSourceError,
  InvalidSplitError,
  InvalidTimestampError,
  LogClosedError,
  OutputOutsideClaimError,
  PrecisionLossError,
  ProtocolError,
  RestrictionCoderError,
  RunCancelledError,
  SchemaMismatchError,
  SdfError,
  SourceChangedError,
  TransientIoError,
  UnfinishedWorkError,
  UnsupportedFeatureError,
  UnsupportedFormatError,
  UnsupportedSchemeError,
  UnsupportedVersionError,
  WorkItemFailedError,
] as const;

for (const errorClass of CORE_ERROR_CLASSES) registerErrorClass(errorClass);

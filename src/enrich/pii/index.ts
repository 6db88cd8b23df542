export { findPii, forEachPii, type PiiFinding } from './find.ts';
export { redact } from './redact.ts';
export { piiScorer } from './scorer.ts';
export { PII_TYPES, SECRET_TYPES, categoryOf, type FindingCategory, type FindingType } from './detectors.ts';

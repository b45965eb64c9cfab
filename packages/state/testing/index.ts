export { managementPolicySchema, schemaProblems } from './management-policy-schema.js';
export { createRequestCounter, type RequestCounter } from './request-counter.js';

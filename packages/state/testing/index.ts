export { createRequestCounter, type RequestCounter } from './request-counter.js';

import { ConfigurationError, type SourceLocation } from '@terrarium/core';
import { isoMillis } from './json-line-scanner.js';

/** Epoch ms from epoch ms, epoch seconds or an ISO 8601 date; undefined when absent. */
export function parseTimestamp(value: unknown, where: SourceLocation, field: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value))) {
    const n = Number(value);
    // Ten digits or fewer is seconds since the epoch (until 2286).
    return n < 1e11 ? n * 1000 : n;
  }
  if (typeof value !== 'string') {
    throw new ConfigurationError(
      `${field} ${JSON.stringify(value)} is not a time; write epoch milliseconds or an ISO 8601 date`,
      where,
    );
  }
  // The common shape (with a zone) without Date.parse's cost; anything else goes to Date.parse.
  const fast = isoMillis(value);
  const parsed = Number.isNaN(fast) ? Date.parse(value) : fast;
  if (Number.isNaN(parsed)) {
    throw new ConfigurationError(
      `${field} "${String(value)}" is not a time; write epoch milliseconds or an ISO 8601 date`,
      where,
    );
  }
  return parsed;
}

export function parseNumber(value: unknown, where: SourceLocation, field: string, required: true): number;
export function parseNumber(
  value: unknown,
  where: SourceLocation,
  field: string,
  required?: false,
): number | undefined;
export function parseNumber(
  value: unknown,
  where: SourceLocation,
  field: string,
  required = false,
): number | undefined {
  if (value === undefined || value === null || value === '') {
    if (required) throw new ConfigurationError(`${field} is missing; every request needs it`, where);
    return undefined;
  }
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || n < 0) {
    throw new ConfigurationError(`${field} "${String(value)}" is not a number >= 0`, where);
  }
  return n;
}

/** A request succeeded when `success` says so, or else when its HTTP status is below 400. */
export function parseSuccess(success: unknown, status: unknown, where: SourceLocation): boolean {
  if (typeof success === 'boolean') return success;
  if (typeof success === 'string' && success !== '') {
    const lower = success.toLowerCase();
    if (lower === 'true' || lower === '1') return true;
    if (lower === 'false' || lower === '0') return false;
    throw new ConfigurationError(`success "${success}" is neither true nor false`, where);
  }
  if (status !== undefined && status !== null && status !== '') {
    const code = Number(status);
    if (!Number.isFinite(code))
      throw new ConfigurationError(`status "${String(status)}" is not an HTTP status`, where);
    return code > 0 && code < 400;
  }
  throw new ConfigurationError('has neither success nor status; add one so failures can be counted', where);
}

/** An HTTP status given as a number or digits; undefined when absent or not one (JMeter's "Non HTTP response code: ..."). */
export function parseStatus(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  return typeof value === 'string' && /^[0-9]{1,3}$/.test(value) ? Number(value) : undefined;
}

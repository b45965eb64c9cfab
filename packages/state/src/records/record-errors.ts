/** Another run wrote the same environment's record since we read it (or created it first). */
export class RecordConflictError extends Error {
  override readonly name = 'RecordConflictError';
  constructor(
    readonly envId: string,
    readonly blobName: string,
    readonly operation: 'create' | 'update' | 'remove',
  ) {
    super(
      `another run changed the record of "${envId}" (${blobName}) while this one was using it (${operation} refused); ` +
        'two runs are working on the same environment: wait for the other one, then run again',
    );
  }
}

/** update/complete on an environment that has no record: begin() was never called for it. */
export class RecordNotFoundError extends Error {
  override readonly name = 'RecordNotFoundError';
  constructor(
    readonly envId: string,
    readonly blobName: string,
  ) {
    super(`environment "${envId}" has no record (${blobName}); begin() must create it first`);
  }
}

/**
 * Why a backup was taken: the last part of its name (`backups/<env id>/<UTC time>-<reason>.tfstate`)
 * and its `reason` metadata. These are all Terrarium writes; the README's state layout lists the
 * same (a test holds them together), and older backups with other reasons still list and restore.
 * - `pre-apply`: before an apply of an environment with enhanced or maximum safety;
 * - `pre-destroy`: before a teardown's destroy;
 * - `final`: the empty state a teardown leaves, kept after the state itself is deleted;
 * - `pre-restore`: the state a restore replaces;
 * - `manual`: `terrarium backup`.
 */
export const BACKUP_REASONS = ['pre-apply', 'pre-destroy', 'final', 'pre-restore', 'manual'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

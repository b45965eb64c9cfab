import type { Act } from './act-context.js';

/** Environments the story leaves standing: the long-lived ones it deployed. */
export const LONG_LIVED_LEFT = ['stg'];

export const finalStatus: Act = {
  title: 'Final status',
  what: 'Every ephemeral environment is gone; only the long-lived ones are left.',
  actions: [],
  async play(context) {
    const envIds = await context.status('What is left');
    context.expect(
      JSON.stringify([...envIds].sort()) === JSON.stringify([...LONG_LIVED_LEFT].sort()),
      `only long-lived environments left: ${envIds.join(', ') || 'none'}`,
    );
  },
};

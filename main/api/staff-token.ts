import { z } from 'zod';

/** Staff commands carry the token from staff.signIn (or a staff ID card). */
export const staffToken = z.string().regex(/^[0-9a-f]{64}$/, 'not a staff session token');

import { z } from 'zod';
import { staffToken } from './staff-token.ts';

/** 呼叫工作人员 and 取号: asked for by touch or by voice. */
const helpRequest = z.object({ id: z.string(), source: z.enum(['voice', 'screen']), raisedAt: z.string() });

export const assistCommands = {
  'assist.callStaff': {
    payload: z.object({}).strict(),
    result: z.object({ requestId: z.string(), created: z.boolean() }),
  },
  'queue.take': {
    payload: z.object({}).strict(),
    result: z.object({ number: z.number().int().positive(), day: z.string() }),
  },
  /**
   * How many staff calls are waiting, for the staff entry to show to staff passing by; anyone may
   * ask, since it says nothing of who called (the list itself is staff only).
   */
  'assist.waiting': {
    payload: z.object({}).strict(),
    result: z.object({ count: z.number().int().min(0) }),
  },
  'staff.helpRequests': {
    payload: z.object({ token: staffToken }).strict(),
    result: z.object({ open: z.array(helpRequest) }),
  },
  'staff.helpHandled': {
    payload: z.object({ token: staffToken, id: z.string().uuid() }).strict(),
    result: z.object({ done: z.boolean() }),
  },
} as const;

export const assistEvents = {
  /** Staff calls still waiting for someone to come. */
  'assist.requests': z.object({ open: z.array(helpRequest) }),
} as const;

import { partial, render } from '../../lib/render.ts';
import { complaintById, openComplaints } from '../../complaints/complaints.ts';
import type { EventOf } from '../../realtime/catalogue.ts';
import type { Drawn } from '../../realtime/signals.ts';
import type { AudienceView, DeskRegion } from './region.ts';

/** The list, rebuilt once per change and shared by every supervisor's desk; a new complaint also calls for attention. */
function changed(event: EventOf<'complaint.changed'>, { deps, lang }: AudienceView): Drawn {
  const html = partial('#complaints', 'outerHTML', render('desk/_complaints', { complaints: openComplaints(deps.db), csrf: '', lang }));
  if (!event.data.isNew) return { html, signals: [] };
  const complaint = complaintById(deps.db, event.data.complaintId);
  return { html, signals: [{ name: 'lineup:complaint', data: { ticket: complaint.ticketId, name: complaint.visitorName, text: complaint.body.slice(0, 140) } }] };
}

/** Supervisors' and admins' list of visitors' complaints, until each is resolved. */
export const complaints = {
  snapshot: (data) => (data.complaints ? partial('#complaints', 'outerHTML', render('desk/_complaints', { ...data, csrf: '' })) : ''),
  watchers: { 'complaint.changed': changed },
} satisfies DeskRegion;

import type { Typing } from '../chat/typing.ts';
import type { Presence } from '../presence/presence.ts';
import type { PlaceBoard } from '../visitor/places.ts';
import type { EventStreams } from './stream.ts';
import type { Whispers } from './whispers.ts';

/** The process's live services that routes hand open pages to. */
export interface Live {
  presence: Presence;
  places: PlaceBoard;
  whispers: Whispers;
  typing: Typing;
  streams: EventStreams;
}

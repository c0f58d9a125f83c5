/** A line of a conversation, as reply times read it. */
export interface ReplyLine { author: string; createdAt: number }

/**
 * How long each supporter reply kept the visitor waiting (seconds), by the reply's index in
 * `lines`: from the later of the visitor's first unanswered message and the claim, to the next
 * supporter message. Reports (src/reports/facts.ts), the archive and transcripts count the same.
 */
export function replyDelays(lines: ReplyLine[], claimedAt: number): Array<{ index: number; seconds: number }> {
  const delays: Array<{ index: number; seconds: number }> = [];
  let waitingSince: number | null = null;
  lines.forEach((line, index) => {
    if (line.author === 'visitor') waitingSince ??= Math.max(line.createdAt, claimedAt);
    else if (line.author === 'supporter' && waitingSince !== null && line.createdAt >= claimedAt) {
      delays.push({ index, seconds: Math.max(0, Math.floor((line.createdAt - waitingSince) / 1000)) });
      waitingSince = null;
    }
  });
  return delays;
}

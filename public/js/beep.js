// @ts-check
// A short, soft tone made in the page (no sound file to fetch): the desk's and the visitor's alerts.

/** @type {AudioContext | null} */
let audio = null;

export function beep() {
  try {
    audio ??= new AudioContext();
    const at = audio.currentTime;
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 660;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.12, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.35);
    tone.connect(gain).connect(audio.destination);
    tone.start(at);
    tone.stop(at + 0.4);
  } catch { /* no audio here: the title and badges still call */ }
}

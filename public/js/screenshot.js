// @ts-check
import { sendFile, showStatus } from './file-upload.js';
import { sayer } from './page-words.js';

// The visitor's "Share a screenshot": one frame of a shared screen, sent as a PNG
// (file-links.js shows the button only where the browser can capture the screen).

/** @param {HTMLElement} attach */
async function screenshot(attach) {
  const say = sayer(attach);
  /** @type {MediaStream} */
  let stream;
  try {
    stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
  } catch {
    showStatus(attach, say('noScreenshot'));
    return;
  }
  try {
    const video = document.createElement('video');
    video.muted = true;
    video.srcObject = stream;
    await video.play();
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const picture = canvas.getContext('2d');
    if (!picture) throw new Error('no canvas');
    picture.drawImage(video, 0, 0);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!(blob instanceof Blob)) throw new Error('no picture');
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    await sendFile(attach, new File([blob], `screenshot-${stamp}.png`, { type: 'image/png' }));
  } catch {
    showStatus(attach, say('screenshotFailed'), true);
  } finally {
    for (const track of stream.getTracks()) track.stop();
  }
}

document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-screenshot]') : null;
  const attach = /** @type {HTMLElement | null | undefined} */ (button?.closest('.attach[data-upload]'));
  if (attach) void screenshot(attach);
});

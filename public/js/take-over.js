// @ts-check
import { whenLoaded } from './when-loaded.js';

// The chats-in-progress list is the same for every supervisor; nobody takes over from themselves.
const me = document.getElementById('main')?.dataset.me;
whenLoaded('#chats [data-holder]', (row) => row.querySelector('form')?.toggleAttribute('hidden', row.dataset.holder === me));

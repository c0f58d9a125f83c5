// @ts-check
import { whenLoaded } from './when-loaded.js';

// The chats-in-progress list is the same for every supervisor; nobody takes over from themselves.
const me = document.getElementById('main')?.dataset.me;
whenLoaded('#chats [data-holder]', (row) => row.querySelector('form')?.toggleAttribute('hidden', row.dataset.holder === me));

// The complaints list is the same for every supervisor too: only whoever took a complaint answers and resolves it.
whenLoaded('#complaints [data-holder]', (el) => el.toggleAttribute('hidden', el.dataset.holder !== me));

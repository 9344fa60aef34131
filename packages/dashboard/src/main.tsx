import { render } from 'preact';
import { App } from './app.js';

// Served at <collector>/dashboard/: the API is the collector's root, one level up.
render(<App root={new URL('../', document.baseURI).href} />, document.getElementById('app')!);

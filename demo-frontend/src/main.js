// The demo page: connect to the visitor's kernel (already started and run by Voila) and put
// a live widget where the notebook displayed one.
//
// The page's HTML, text and plots are rendered by the server; only widgets need JavaScript.
// Loaded with `defer`, so it runs once the whole page (with Voila's kernel id) has arrived.
import { KernelConnection } from '@jupyterlab/services/lib/kernel/default';
import { ServerConnection } from '@jupyterlab/services/lib/serverconnection';
import '@jupyter-widgets/controls/css/widgets-base.css';
import '@jupyter-widgets/controls/css/labvariables.css';
import '@jupyter-widgets/controls/css/materialcolors.css';
import '@jupyter-widgets/controls/css/lumino.css';
import './demo.css';
import { DemoWidgetManager } from './manager.js';
import { WIDGET_VIEW_MIME } from './output.js';

const RECONNECTING =
  'This demo lost its connection to the server and is trying to reconnect...';
const LOST =
  'This demo lost its connection to the server. Reload the page to start it again.';
const FAILED = 'This demo could not start. Reload the page to try again.';

function notice(text) {
  let banner = document.getElementById('course-demo-notice');
  if (!banner) {
    banner = document.createElement('div');
    banner.id = 'course-demo-notice';
    banner.setAttribute('role', 'alert');
    document.body.prepend(banner);
  }
  banner.textContent = text;
}

function clearNotice() {
  document.getElementById('course-demo-notice')?.remove();
}

// While the server cannot be reached, the controls take no input: a visitor must not move a
// slider over a chart that can no longer change. `inert` also takes them out of the tab order
// and away from screen readers; the notice says why.
function setControlsEnabled(enabled) {
  for (const slot of document.querySelectorAll('.course-widget-slot')) {
    slot.inert = !enabled;
    slot.classList.toggle('course-stale', !enabled);
    if (enabled) slot.removeAttribute('aria-disabled');
    else slot.setAttribute('aria-disabled', 'true');
  }
}

// A visitor is told when the controls stop reaching the server, rather than seeing them do nothing.
function reportConnection(kernel) {
  let connectedOnce = false;
  kernel.connectionStatusChanged.connect((_, status) => {
    if (status === 'connected') {
      connectedOnce = true;
      clearNotice();
      setControlsEnabled(true);
    } else if (status === 'connecting' && connectedOnce) {
      notice(RECONNECTING);
      setControlsEnabled(false);
    } else if (status === 'disconnected') {
      notice(LOST);
      setControlsEnabled(false);
    }
  });
  kernel.statusChanged.connect((_, status) => {
    if (status === 'dead') {
      notice(LOST);
      setControlsEnabled(false);
    }
  });
}

// ipywidgets' sliders draw their handle and their value box without a name: a screen reader
// hears "slider, 3" and not what it sets. Each is named here after the control's own label.
function nameControls(root) {
  for (const control of root.querySelectorAll('.widget-slider')) {
    const label = control.querySelector('.widget-label')?.textContent.trim();
    if (!label) continue;
    control.querySelectorAll('.noUi-handle').forEach((handle) => {
      if (handle.getAttribute('aria-label') !== label) handle.setAttribute('aria-label', label);
    });
    const readout = control.querySelector('.widget-readout');
    if (readout && readout.getAttribute('aria-label') !== `${label}, typed value`) {
      readout.setAttribute('role', 'textbox');
      readout.setAttribute('aria-label', `${label}, typed value`);
    }
  }
  // A button showing an icon alone is named by its tooltip.
  for (const button of root.querySelectorAll('button.jupyter-button')) {
    if (!button.textContent.trim() && !button.getAttribute('aria-label')) {
      const name = button.getAttribute('title') || 'button';
      button.setAttribute('aria-label', name);
    }
  }
}

function keepControlsNamed() {
  nameControls(document);
  new MutationObserver(() => nameControls(document)).observe(document.body, {
    childList: true,
    subtree: true,
  });
}

function pageConfig() {
  const element = document.getElementById('jupyter-config-data');
  return element ? JSON.parse(element.textContent) : null;
}

// Replace each widget placeholder by a "loading" slot, so the page keeps its layout.
function widgetSlots() {
  return [...document.querySelectorAll(`script[type="${WIDGET_VIEW_MIME}"]`)].map((script) => {
    const slot = document.createElement('div');
    slot.className = 'course-widget-slot course-widget-loading';
    slot.textContent = 'Loading the interactive part...';
    script.replaceWith(slot);
    return { slot, modelId: JSON.parse(script.textContent).model_id };
  });
}

async function main() {
  const config = pageConfig();
  const slots = widgetSlots();
  if (!config || !config.kernelId || slots.length === 0) return;
  const baseUrl = new URL(config.baseUrl, window.location.href).href;
  const serverSettings = ServerConnection.makeSettings({
    baseUrl,
    wsUrl: baseUrl.replace(/^http/, 'ws'),
    appendToken: false,
  });
  const kernel = new KernelConnection({
    model: { id: config.kernelId, name: 'python3' },
    serverSettings,
    // Voila's kernel channel refuses subshell requests; comms go over the main shell.
    commsOverSubshells: 'disabled',
  });
  reportConnection(kernel);
  const manager = new DemoWidgetManager(kernel);
  try {
    await manager.loadFromKernel();
    await Promise.all(slots.map(({ slot, modelId }) => manager.showWidget(modelId, slot)));
    keepControlsNamed();
    document.body.dataset.courseDemo = 'ready';
  } catch (error) {
    console.error('demo page:', error);
    notice(FAILED);
  }
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', main);
} else {
  main();
}

// The Output widget (ipywidgets' `widgets.Output`) for the demo page.
//
// Why our own: JupyterLab's Output widget renders through JupyterLab's whole rendermime stack,
// most of the JavaScript a visitor would otherwise download. The demos only show HTML, images and
// text, so this model keeps the `outputs` list in sync with the kernel and draws those directly.
// Errors are shown as one sentence: a visitor of the demo site never sees a traceback.
import { DOMWidgetModel, DOMWidgetView } from '@jupyter-widgets/base';

export const WIDGET_VIEW_MIME = 'application/vnd.jupyter.widget-view+json';
const CAPTURED = new Set(['execute_result', 'display_data', 'stream', 'error']);
export const ERROR_SENTENCE =
  'Something went wrong in this demo. Try other values, or reload the page.';

export class OutputModel extends DOMWidgetModel {
  defaults() {
    return {
      ...super.defaults(),
      _model_name: 'OutputModel',
      _view_name: 'OutputView',
      _model_module: '@jupyter-widgets/output',
      _view_module: '@jupyter-widgets/output',
      _model_module_version: '1.0.0',
      _view_module_version: '1.0.0',
      msg_id: '',
      outputs: [],
    };
  }

  initialize(attributes, options) {
    super.initialize(attributes, options);
    // clear_output(wait=True) keeps what is shown until the next output arrives.
    this.clearOnNextOutput = false;
    this.hook = (message) => {
      this.capture(message);
      return false; // captured here, so not shown anywhere else
    };
    this.on('change:msg_id', this.followMessage, this);
    this.followMessage();
  }

  // While Python runs `with output:`, the kernel sets msg_id; messages from that request
  // belong to this widget.
  followMessage() {
    const kernel = this.widget_manager.kernel;
    const previous = this.previous('msg_id');
    if (previous) kernel.removeMessageHook(previous, this.hook);
    const current = this.get('msg_id');
    if (current) kernel.registerMessageHook(current, this.hook);
  }

  capture(message) {
    const type = message.header.msg_type;
    if (type === 'clear_output') {
      if (message.content.wait) this.clearOnNextOutput = true;
      else this.keep([]);
      return;
    }
    if (!CAPTURED.has(type)) return;
    const outputs = this.clearOnNextOutput ? [] : [...this.get('outputs')];
    outputs.push({ ...message.content, output_type: type });
    this.keep(outputs);
  }

  // Shown here and sent back, so the kernel's `outputs` matches the page.
  keep(outputs) {
    this.clearOnNextOutput = false;
    this.set('outputs', outputs);
    this.save_changes();
  }
}

export class OutputView extends DOMWidgetView {
  render() {
    this.el.classList.add('jupyter-widgets', 'widget-output');
    this.listenTo(this.model, 'change:outputs', this.draw);
    this.draw();
  }

  draw() {
    const manager = this.model.widget_manager;
    this.el.replaceChildren(...this.model.get('outputs').map((o) => renderOutput(o, manager)));
  }
}

function joined(value) {
  return Array.isArray(value) ? value.join('') : String(value ?? '');
}

function preformatted(text) {
  const pre = document.createElement('pre');
  pre.textContent = text;
  return pre;
}

// One output as DOM: a widget, HTML, an image or text, in that order of preference.
export function renderOutput(output, manager) {
  const box = document.createElement('div');
  box.className = 'course-output';
  if (output.output_type === 'stream') {
    box.append(preformatted(joined(output.text)));
    return box;
  }
  if (output.output_type === 'error') {
    box.classList.add('course-output-error');
    box.textContent = ERROR_SENTENCE;
    return box;
  }
  const data = output.data || {};
  if (data[WIDGET_VIEW_MIME]) {
    manager.showWidget(data[WIDGET_VIEW_MIME].model_id, box);
  } else if (data['text/html'] !== undefined) {
    box.classList.add('jp-RenderedHTMLCommon', 'jp-RenderedHTML');
    box.innerHTML = joined(data['text/html']);
  } else if (data['image/png'] || data['image/jpeg']) {
    const mime = data['image/png'] ? 'image/png' : 'image/jpeg';
    const image = document.createElement('img');
    image.src = `data:${mime};base64,${joined(data[mime]).trim()}`;
    image.alt = joined(data['text/plain']);
    box.classList.add('jp-RenderedImage');
    box.append(image);
  } else if (data['text/plain'] !== undefined) {
    box.append(preformatted(joined(data['text/plain'])));
  }
  return box;
}

// The widget manager of the demo page: ipywidgets' models and views, talking to one kernel.
//
// It follows JupyterLab's KernelWidgetManager (comms over @jupyterlab/services' kernel
// connection, all widget states fetched at once through `jupyter.widget.control`), but knows
// only the three widget modules the demos use, so the page needs none of JupyterLab.
import * as base from '@jupyter-widgets/base';
import * as controls from '@jupyter-widgets/controls';
import { ManagerBase } from '@jupyter-widgets/base-manager';
import { Widget } from '@lumino/widgets';
import { OutputModel, OutputView } from './output.js';

const MODULES = {
  '@jupyter-widgets/base': base,
  '@jupyter-widgets/controls': controls,
  '@jupyter-widgets/output': { OutputModel, OutputView },
};

export class DemoWidgetManager extends ManagerBase {
  constructor(kernel) {
    super();
    this.kernel = kernel;
    // Widgets the kernel creates later (a callback building a new control) arrive here.
    kernel.registerCommTarget(this.comm_target_name, (comm, message) =>
      this.handle_comm_open(new base.shims.services.Comm(comm), message),
    );
  }

  async loadClass(className, moduleName, moduleVersion) {
    const module = MODULES[moduleName];
    if (!module || !module[className]) {
      throw new Error(`The demo page has no widget ${className} from ${moduleName}@${moduleVersion}`);
    }
    return module[className];
  }

  async _create_comm(targetName, modelId, data, metadata, buffers) {
    const comm = this.kernel.createComm(targetName, modelId);
    if (data || metadata) comm.open(data, metadata, buffers);
    return new base.shims.services.Comm(comm);
  }

  async _get_comm_info() {
    const reply = await this.kernel.requestCommInfo({ target_name: this.comm_target_name });
    return reply.content.status === 'ok' ? reply.content.comms : {};
  }

  // Every widget the notebook's execution created, in one round trip.
  loadFromKernel() {
    return this._loadFromKernel();
  }

  async showWidget(modelId, element) {
    const model = await this.get_model(modelId);
    const view = await this.create_view(model, {});
    element.replaceChildren();
    element.classList.remove('course-widget-loading');
    Widget.attach(view.luminoWidget, element);
    return view;
  }
}

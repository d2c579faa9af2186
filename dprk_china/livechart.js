// The browser side of dprk_china.render.LiveChart.
//
// Altair's JupyterChart front end (altair/jupyter/js/index.js, BSD-3-Clause, Vega-Altair developers),
// changed in one respect: when a new spec differs from the drawn one only in data rows, in the title's
// text or in a literal scale domain (what a filter change does to a chart of dprk_china.charts), the
// drawn Vega view is updated in place (new rows through a changeset, new texts and domains through
// signals) instead of being embedded again. Re-embedding parses and compiles the spec and rebuilds
// the view, the DOM and every listener; an in-place update only re-runs the dataflow. Any other
// difference (another layer, another mark, other params) re-embeds as Altair does.
//
// No imports: vl-convert's javascript_bundle supplies vegaEmbed and lodashDebounce, so the bundle
// works offline. (Its `vega` and `vegaLite` are null in vl-convert 1.9: the view's own methods are used.)

// Prefix of the dataset, param and signal names this front end gives a spec.
const LIVE = "dprk_live_";

const isLiteral = (value) => value === null || typeof value !== "object";
const isLiteralText = (value) => typeof value === "string" || (Array.isArray(value) && value.every(isLiteral));

// Rename datasets where the spec names them (a view's "data", a lookup's "from.data"), and turn each
// literal scale domain into a param read by an expression (`domains` collects them).
function liftSpec(node, renamed, domains) {
    if (Array.isArray(node)) {
        node.forEach((child) => liftSpec(child, renamed, domains));
        return;
    }
    if (node === null || typeof node !== "object") {
        return;
    }
    for (const [key, value] of Object.entries(node)) {
        if (key === "data" && value && typeof value.name === "string" && Object.hasOwn(renamed, value.name)) {
            value.name = renamed[value.name];
        } else if (key === "scale" && value && Array.isArray(value.domain) && value.domain.every(isLiteral)) {
            const name = `${LIVE}domain_${Object.keys(domains).length}`;
            domains[name] = value.domain;
            value.domain = {expr: name};
        }
        liftSpec(value, renamed, domains);
    }
}

// The title's text and subtitle as Vega-Lite gives them to Vega.
function titleTexts(title) {
    const texts = {};
    if (isLiteralText(title)) {
        texts.text = title;
    } else if (title && typeof title === "object") {
        for (const key of ["text", "subtitle"]) {
            if (isLiteralText(title[key])) texts[key] = title[key];
        }
    }
    return texts;
}

// A Vega-Lite spec made ready for live updates. Its datasets are named by position (Altair names
// them by a hash of their rows, which every filter change alters) and its literal scale domains
// become params; `rows`, `params` and `titles` hold the values, and `shape` is the spec without
// them: a spec of the same shape differs only in those values, which a drawn view can take in place.
function liveSpec(vlSpec) {
    const spec = structuredClone(vlSpec);
    const renamed = {};
    Object.keys(spec.datasets ?? {}).forEach((name, i) => { renamed[name] = `${LIVE}data_${i}`; });
    const rows = {};
    for (const [name, values] of Object.entries(spec.datasets ?? {})) rows[renamed[name]] = values;
    delete spec.datasets;       // (rows are not walked)
    const params = {};
    liftSpec(spec, renamed, params);
    if (Object.keys(rows).length) spec.datasets = rows;
    const added = Object.entries(params).map(([name, value]) => ({name, value}));
    if (added.length) {
        spec.params = [...(spec.params ?? []), ...added];
    }
    const titles = titleTexts(spec.title);
    const shape = JSON.stringify({...spec, datasets: Object.keys(rows), title: null, params: (spec.params ?? []).map(
        (param) => (Object.hasOwn(params, param.name) ? param.name : param))}) + JSON.stringify(
        spec.title && typeof spec.title === "object" && !Array.isArray(spec.title)
            ? {...spec.title, text: null, subtitle: null} : null) + Object.keys(titles).join();
    return {spec, rows, params, titles, shape};
}

// vega-embed's patch: the compiled Vega spec's title text and subtitle read from signals.
function titleFromSignals(titles) {
    return (vg) => {
        if (vg.title == null || !Object.keys(titles).length) return vg;
        const title = typeof vg.title === "object" && !Array.isArray(vg.title) ? {...vg.title} : {text: vg.title};
        const signals = [...(vg.signals ?? [])];
        for (const [key, value] of Object.entries(titles)) {
            title[key] = {signal: `${LIVE}title_${key}`};
            signals.push({name: `${LIVE}title_${key}`, value});
        }
        return {...vg, title, signals};
    };
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

async function render({ model, el }) {
    let api = null;          // vega-embed's result for the view on the page
    let drawn = null;        // liveSpec() of the spec that view shows
    let drawnSpec = null;    // that spec, as the model held it
    let finalize = null;

    function showError(error) {
        el.innerHTML = (
            '<div style="color:red;">'
            + '<p>JavaScript Error: ' + error.message + '</p>'
            + "<p>This usually means there's a typo in your chart specification. "
            + "See the javascript console for the full traceback.</p>"
            + '</div>'
        );
    }

    const debounced = (handler) => {
        const wait = model.get("debounce_wait") ?? 10;
        const options = {leading: false, trailing: true};
        if (model.get("max_wait") ?? true) {
            options["maxWait"] = wait;
        }
        return lodashDebounce(handler, wait, options);
    };

    // The view shows a spec of the same shape: give it the new values and re-run its dataflow.
    async function updateInPlace(next) {
        const view = api.view;
        for (const [name, value] of Object.entries(next.params)) {
            if (!same(value, drawn.params[name])) view.signal(name, value);
        }
        for (const [key, value] of Object.entries(next.titles)) {
            if (!same(value, drawn.titles[key])) view.signal(`${LIVE}title_${key}`, value);
        }
        const formats = Object.fromEntries((api.vgSpec.data ?? []).map((data) => [data.name, data.format]));
        for (const [name, values] of Object.entries(next.rows)) {
            if (same(values, drawn.rows[name])) continue;
            // rows given as "values" are parsed by their format when the view is made; new rows too
            const format = formats[name];
            const parsed = format ? view.parse(structuredClone(values), format) : structuredClone(values);
            view.change(name, view.changeset().remove(() => true).insert(parsed));
        }
        await view.runAsync();
    }

    async function embed(next) {
        if (finalize != null) {
            finalize();
            finalize = null;
        }
        api = null;
        const embedOptions = structuredClone(model.get("embed_options")) ?? {};
        try {
            api = await vegaEmbed(el, next.spec, {...embedOptions, mode: "vega-lite", patch: titleFromSignals(next.titles)});
        } catch (error) {
            showError(error);
            return;
        }
        finalize = api.finalize;

        const initialSelections = {};
        for (const selectionName of Object.keys(model.get("_vl_selections"))) {
            const storeName = `${selectionName}_store`;
            const view = api.view;
            const selectionHandler = (_, value) => {
                const newSelections = cleanJson(model.get("_vl_selections") ?? {});
                const store = cleanJson(view.data(storeName) ?? []);
                newSelections[selectionName] = {value, store};
                model.set("_vl_selections", newSelections);
                model.save_changes();
            };
            view.addSignalListener(selectionName, debounced(selectionHandler));
            initialSelections[selectionName] = {
                value: cleanJson(view.signal(selectionName) ?? {}),
                store: cleanJson(view.data(storeName) ?? [])
            };
        }
        model.set("_vl_selections", initialSelections);

        const initialParams = {};
        for (const paramName of Object.keys(model.get("_params"))) {
            const paramHandler = (_, value) => {
                const newParams = JSON.parse(JSON.stringify(model.get("_params"))) || {};
                newParams[paramName] = value;
                model.set("_params", newParams);
                model.save_changes();
            };
            api.view.addSignalListener(paramName, debounced(paramHandler));
            initialParams[paramName] = api.view.signal(paramName) ?? null;
        }
        model.set("_params", initialParams);
        model.save_changes();
    }

    // Draw the model's spec: in place when only values changed, else by embedding it anew.
    async function draw(forceEmbed) {
        const spec = model.get("spec");
        if (spec === drawnSpec && !forceEmbed) {
            return;
        }
        drawnSpec = spec;
        if (spec == null) {
            if (finalize != null) {
                finalize();
                finalize = null;
            }
            api = null;
            drawn = null;
            while (el.firstChild) {
                el.removeChild(el.lastChild);
            }
            return;
        }
        let next;
        try {
            next = liveSpec(spec);
        } catch (error) {
            showError(error);
            return;
        }
        if (!forceEmbed && api != null && drawn != null && next.shape === drawn.shape) {
            try {
                await updateInPlace(next);
                drawn = next;
                return;
            } catch (error) {
                console.warn("dprk_china LiveChart: in-place update failed, embedding again", error);
            }
        }
        drawn = next;
        await embed(next);
    }

    // One draw at a time, in the order the changes came (a draw awaits Vega's rendering).
    let queue = Promise.resolve();
    const schedule = (forceEmbed) => { queue = queue.then(() => draw(forceEmbed)); return queue; };

    model.on("change:spec", () => schedule(false));
    for (const name of ["embed_options", "debounce_wait", "max_wait"]) {
        model.on(`change:${name}`, () => schedule(true));
    }

    // Params set from Python.
    model.on("change:_params", async (newParams) => {
        if (api == null) return;
        for (const [param, value] of Object.entries(newParams.changed ? newParams.changed._params : newParams)) {
            api.view.signal(param, value);
        }
        await api.view.runAsync();
    });

    model.set("local_tz", Intl.DateTimeFormat().resolvedOptions().timeZone);
    model.save_changes();
    await schedule(true);
}

function cleanJson(data) {
    return JSON.parse(JSON.stringify(data));
}

export default { render };


// ---------------------------------------------------------------------------------------------
// The Altair code this file is based on is distributed under this licence:
//
// Copyright (c) 2015-2025, Vega-Altair Developers
// All rights reserved.
//
// Redistribution and use in source and binary forms, with or without
// modification, are permitted provided that the following conditions are met:
//
// * Redistributions of source code must retain the above copyright notice, this
//   list of conditions and the following disclaimer.
//
// * Redistributions in binary form must reproduce the above copyright notice,
//   this list of conditions and the following disclaimer in the documentation
//   and/or other materials provided with the distribution.
//
// * Neither the name of vega-altair nor the names of its
//   contributors may be used to endorse or promote products derived from
//   this software without specific prior written permission.
//
// THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"
// AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
// IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
// DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
// FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
// DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
// SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
// CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
// OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
// OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
//

// The query page: library queries one click away, results as a table. Every value from
// the store reaches the DOM through textContent or an attribute, never as markup (the page's
// CSP forbids string-to-markup sinks outright).
(function () {
  "use strict";
  var library = JSON.parse(document.getElementById("library-data").textContent);
  var prefixes = JSON.parse(document.getElementById("prefix-data").textContent);
  var byName = new Map(library.map(function (q) { return [q.name, q]; }));
  var select = document.getElementById("library");
  var description = document.getElementById("query-description");
  var paramsBox = document.getElementById("params");
  var editor = document.getElementById("editor");
  var runButton = document.getElementById("run");
  var status = document.getElementById("status");
  var errorBox = document.getElementById("error");
  var table = document.getElementById("results");
  var graphBox = document.getElementById("graph-result");
  var entityBase = prefixes.kgid;

  function element(tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function compact(iri) {
    var best = null;
    Object.keys(prefixes).forEach(function (prefix) {
      var ns = prefixes[prefix];
      if (iri.length > ns.length && iri.indexOf(ns) === 0 && (!best || ns.length > best[1].length)) {
        best = [prefix, ns];
      }
    });
    return best ? best[0] + ":" + iri.slice(best[1].length) : iri;
  }

  function showParams(query) {
    paramsBox.replaceChildren();
    (query ? query.params : []).forEach(function (param) {
      var id = "param-" + param.name;
      var row = element("div");
      row.className = "param";
      var label = element("label", param.name);
      label.htmlFor = id;
      var input = element("input");
      input.id = id;
      input.name = param.name;
      input.dataset.param = param.name;
      input.value = param.default || "";
      input.placeholder = param.required ? "required" : "optional";
      var help = element("span", param.description);
      help.className = "hint";
      row.append(label, input, help);
      paramsBox.appendChild(row);
    });
  }

  select.addEventListener("change", function () {
    var query = byName.get(select.value);
    description.textContent = query ? query.title + ": " + query.description : "";
    if (query) {
      editor.value = query.sparql;
    }
    showParams(query);
  });

  function currentParams() {
    return Array.prototype.map.call(paramsBox.querySelectorAll("input[data-param]"), function (input) {
      return [input.dataset.param, input.value];
    });
  }

  function cell(term) {
    var td = element("td");
    if (!term) {
      return td;
    }
    if (term.type === "uri") {
      if (entityBase && term.value.indexOf(entityBase) === 0) {
        var link = element("a", compact(term.value));
        link.href = "/entity?iri=" + encodeURIComponent(term.value);
        td.appendChild(link);
      } else {
        td.textContent = compact(term.value);
        td.title = term.value;
      }
    } else if (term.type === "literal") {
      td.textContent = term.value;
      if (term["xml:lang"]) {
        td.title = "@" + term["xml:lang"];
      } else if (term.datatype) {
        td.title = compact(term.datatype);
      }
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else {
      td.textContent = JSON.stringify(term.value);
    }
    return td;
  }

  function showTable(data, hidden) {
    table.replaceChildren();
    if (typeof data.boolean === "boolean") {
      var row = element("tr");
      row.appendChild(element("td", data.boolean ? "true" : "false"));
      table.appendChild(row);
      table.hidden = false;
      return 1;
    }
    var vars = data.head.vars.filter(function (v) { return !hidden.has(v); });
    var head = element("thead");
    var headRow = element("tr");
    vars.forEach(function (v) { headRow.appendChild(element("th", v)); });
    head.appendChild(headRow);
    var body = element("tbody");
    data.results.bindings.forEach(function (binding) {
      var tr = element("tr");
      vars.forEach(function (v) { tr.appendChild(cell(binding[v])); });
      body.appendChild(tr);
    });
    table.append(head, body);
    table.hidden = false;
    return data.results.bindings.length;
  }

  function run() {
    var form = new URLSearchParams();
    form.set("query", editor.value);
    var params = currentParams();
    params.forEach(function (pair) { form.set("param." + pair[0], pair[1]); });
    // The parameter columns, and the nodes a name parameter was resolved to, are not shown.
    var hidden = new Set();
    params.forEach(function (pair) {
      ["", "_key", "_iri"].forEach(function (suffix) { hidden.add(pair[0] + suffix); });
    });
    errorBox.hidden = true;
    table.hidden = true;
    graphBox.hidden = true;
    status.textContent = "running…";
    runButton.disabled = true;
    var started = performance.now();
    fetch("/sparql", {
      method: "POST",
      headers: { "Accept": "application/sparql-results+json, text/turtle;q=0.9" },
      body: form
    }).then(function (response) {
      return response.text().then(function (text) {
        var seconds = ((performance.now() - started) / 1000).toFixed(2);
        if (!response.ok) {
          status.textContent = "";
          errorBox.textContent = response.status + " " + response.statusText + ": " + text;
          errorBox.hidden = false;
          return;
        }
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("json") >= 0) {
          var count = showTable(JSON.parse(text), hidden);
          status.textContent = count + " row(s) in " + seconds + " s";
        } else {
          graphBox.textContent = text;
          graphBox.hidden = false;
          status.textContent = "graph in " + seconds + " s";
        }
      });
    }).catch(function (error) {
      status.textContent = "";
      errorBox.textContent = "the request failed: " + error;
      errorBox.hidden = false;
    }).finally(function () {
      runButton.disabled = false;
    });
  }

  runButton.addEventListener("click", run);
  editor.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  });
}());

// The API documentation page at /api/docs. The platform runs on closed government networks, so the
// page must not load anything from a CDN. @hono/swagger-ui only points at CDN assets (or at a
// swagger-ui-dist copy, which is not installed), so this is a small page of our own: it fetches
// ./openapi.json and renders every operation. Its script and stylesheet are served by this app
// (/api/docs.js, /api/docs.css), so the Content-Security-Policy can stay at 'self'.
// The script is plain ES2017 in a string (no build step); it avoids template literals so that it can
// live inside one.

export const DOCS_HTML = String.raw`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>govperf API 接口文档</title>
<link rel="stylesheet" href="docs.css">
</head>
<body>
<header class="top">
  <h1>govperf API <small>接口文档 · API reference</small></h1>
  <p class="links"><a href="openapi.json">openapi.json</a></p>
</header>
<main id="docs"><p class="muted">正在加载接口描述… / Loading the API description…</p></main>
<noscript><p>本页面需要启用 JavaScript；接口描述见 <a href="openapi.json">openapi.json</a>。 This page needs JavaScript; the API description is at <a href="openapi.json">openapi.json</a>.</p></noscript>
<script src="docs.js"></script>
</body>
</html>
`;

export const DOCS_CSS = String.raw`
:root { --fg: #1f2329; --muted: #646a73; --line: #dee0e3; --bg: #f5f6f7; --accent: #1456f0; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.6 -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); }
header.top { background: #fff; border-bottom: 1px solid var(--line); padding: 12px 24px; display: flex; align-items: baseline; justify-content: space-between; }
h1 { font-size: 20px; margin: 0; } h1 small { font-size: 13px; color: var(--muted); font-weight: normal; margin-left: 8px; }
main { max-width: 1100px; margin: 0 auto; padding: 16px 24px 48px; }
a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
code, pre { font-family: "SFMono-Regular", Consolas, "Liberation Mono", Menlo, monospace; font-size: 13px; }
pre { background: #fff; border: 1px solid var(--line); padding: 8px; overflow: auto; max-height: 420px; }
.muted { color: var(--muted); }
.intro { background: #fff; border: 1px solid var(--line); padding: 12px 16px; white-space: pre-wrap; }
.toc ul { list-style: none; padding-left: 0; columns: 2; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.op { background: #fff; border: 1px solid var(--line); border-radius: 4px; margin: 12px 0; padding: 12px 16px; }
.op h3 { font-size: 15px; margin: 0 0 6px; }
.method { display: inline-block; min-width: 62px; text-align: center; color: #fff; border-radius: 3px; padding: 0 6px; margin-right: 8px; font-size: 12px; font-weight: bold; }
.get { background: #1456f0; } .post { background: #2ea121; } .put, .patch { background: #de7802; } .delete { background: #d83931; } .other { background: #646a73; }
h4 { font-size: 13px; margin: 12px 0 4px; color: var(--muted); }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; } th { background: var(--bg); font-weight: normal; color: var(--muted); }
ul.props { margin: 2px 0; padding-left: 18px; }
.type { color: #7a4e00; } .req { color: #d83931; font-size: 12px; margin-left: 4px; } .desc { color: var(--muted); }
.status { font-weight: bold; margin-right: 6px; }
.error { color: #d83931; }
`;

export const DOCS_JS = String.raw`(function (root) {
  'use strict';

  function esc(value) {
    return String(value).replace(/[&<>"']/g, function (ch) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[ch];
    });
  }

  function refName(ref) {
    return decodeURIComponent(String(ref).split('/').pop());
  }

  function resolve(spec, schema) {
    if (!schema || !schema.$ref) return schema;
    var name = refName(schema.$ref);
    var schemas = (spec.components && spec.components.schemas) || {};
    return schemas[name];
  }

  function typeLabel(schema) {
    if (!schema) return 'any';
    if (schema.$ref) return refName(schema.$ref);
    var t = schema.type;
    var label = Array.isArray(t) ? t.join(' | ') : (t || (schema.anyOf ? 'one of' : schema.oneOf ? 'one of' : schema.allOf ? 'all of' : 'any'));
    if (t === 'array' && schema.items) label = 'array of ' + typeLabel(schema.items);
    if (schema.format) label += ' (' + schema.format + ')';
    return label;
  }

  function constraints(schema) {
    var parts = [];
    if (schema.enum) parts.push('enum: ' + schema.enum.map(function (v) { return JSON.stringify(v); }).join(', '));
    if (schema.const !== undefined) parts.push('const: ' + JSON.stringify(schema.const));
    ['minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'pattern'].forEach(function (key) {
      if (schema[key] !== undefined) parts.push(key + ': ' + schema[key]);
    });
    if (schema.default !== undefined) parts.push('default: ' + JSON.stringify(schema.default));
    return parts.length ? ' <span class="desc">[' + esc(parts.join('; ')) + ']</span>' : '';
  }

  // Renders a schema as nested lists; components are expanded once per branch, then linked.
  function schemaBody(spec, schema, depth, seen) {
    if (!schema || depth > 8) return '';
    if (schema.$ref) {
      var name = refName(schema.$ref);
      if (seen.indexOf(name) >= 0) return '';
      return schemaBody(spec, resolve(spec, schema), depth + 1, seen.concat([name]));
    }
    var html = '';
    var variants = schema.anyOf || schema.oneOf || schema.allOf;
    if (variants) {
      html += '<ul class="props">' + variants.map(function (v) {
        return '<li>' + typeHtml(v) + constraints(v) + schemaBody(spec, v, depth + 1, seen) + '</li>';
      }).join('') + '</ul>';
    }
    if (schema.properties) {
      var required = schema.required || [];
      html += '<ul class="props">' + Object.keys(schema.properties).map(function (key) {
        var prop = schema.properties[key];
        return '<li><code>' + esc(key) + '</code>' + (required.indexOf(key) >= 0 ? '<span class="req">必填 required</span>' : '') +
          ' ' + typeHtml(prop) + constraints(prop) + (prop.description ? ' <span class="desc">— ' + esc(prop.description) + '</span>' : '') +
          schemaBody(spec, prop, depth + 1, seen) + '</li>';
      }).join('') + '</ul>';
    }
    if (schema.items) html += schemaBody(spec, schema.items, depth + 1, seen);
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
      html += '<ul class="props"><li><code>*</code> ' + typeHtml(schema.additionalProperties) + schemaBody(spec, schema.additionalProperties, depth + 1, seen) + '</li></ul>';
    }
    return html;
  }

  function typeHtml(schema) {
    var label = '<span class="type">' + esc(typeLabel(schema)) + '</span>';
    if (schema && schema.$ref) label = '<a href="#schema-' + esc(refName(schema.$ref)) + '">' + label + '</a>';
    return label;
  }

  function schemaBlock(spec, schema) {
    return '<div>' + typeHtml(schema) + constraints(schema || {}) +
      (schema && schema.description ? ' <span class="desc">— ' + esc(schema.description) + '</span>' : '') +
      schemaBody(spec, schema, 0, []) +
      '<details><summary class="muted">JSON Schema</summary><pre>' + esc(JSON.stringify(schema, null, 2)) + '</pre></details></div>';
  }

  function contentBlocks(spec, content) {
    return Object.keys(content || {}).map(function (mediaType) {
      return '<div class="muted"><code>' + esc(mediaType) + '</code></div>' + schemaBlock(spec, content[mediaType].schema);
    }).join('');
  }

  function parametersTable(spec, parameters) {
    if (!parameters || !parameters.length) return '';
    return '<h4>参数 Parameters</h4><table><tr><th>名称 name</th><th>位置 in</th><th>类型 type</th><th>说明 description</th></tr>' +
      parameters.map(function (p) {
        p = resolve(spec, p) || p;
        return '<tr><td><code>' + esc(p.name) + '</code>' + (p.required ? '<span class="req">必填 required</span>' : '') + '</td><td>' + esc(p.in) + '</td><td>' +
          typeHtml(p.schema) + constraints(p.schema || {}) + '</td><td>' + esc(p.description || (p.schema && p.schema.description) || '') + '</td></tr>';
      }).join('') + '</table>';
  }

  var METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

  function operations(spec) {
    var list = [];
    Object.keys(spec.paths || {}).forEach(function (path) {
      var item = spec.paths[path];
      METHODS.forEach(function (method) {
        if (item[method]) list.push({ path: path, method: method, op: item[method], shared: item.parameters || [] });
      });
    });
    return list;
  }

  function anchor(entry) {
    return 'op-' + entry.method + '-' + entry.path.replace(/[^A-Za-z0-9]+/g, '-');
  }

  function renderOperation(spec, entry) {
    var op = entry.op;
    var html = '<section class="op" id="' + esc(anchor(entry)) + '"><h3><span class="method ' +
      (['get', 'post', 'put', 'patch', 'delete'].indexOf(entry.method) >= 0 ? entry.method : 'other') + '">' + esc(entry.method.toUpperCase()) +
      '</span><code>' + esc(entry.path) + '</code> ' + esc(op.summary || '') + (op.deprecated ? ' <span class="req">deprecated</span>' : '') + '</h3>';
    if (op.description) html += '<p class="desc">' + esc(op.description) + '</p>';
    html += parametersTable(spec, entry.shared.concat(op.parameters || []));
    if (op.requestBody) {
      var body = resolve(spec, op.requestBody) || op.requestBody;
      html += '<h4>请求体 Request body' + (body.required ? ' <span class="req">必填 required</span>' : '') + '</h4>' +
        (body.description ? '<p class="desc">' + esc(body.description) + '</p>' : '') + contentBlocks(spec, body.content);
    }
    var responses = op.responses || {};
    html += '<h4>响应 Responses</h4>' + Object.keys(responses).map(function (status) {
      var response = resolve(spec, responses[status]) || responses[status];
      return '<div><span class="status">' + esc(status) + '</span><span class="desc">' + esc(response.description || '') + '</span>' + contentBlocks(spec, response.content) + '</div>';
    }).join('');
    return html + '</section>';
  }

  function renderSpec(spec) {
    var info = spec.info || {};
    var ops = operations(spec);
    var groups = {};
    var order = [];
    ops.forEach(function (entry) {
      var tag = (entry.op.tags && entry.op.tags[0]) || 'other';
      if (!groups[tag]) { groups[tag] = []; order.push(tag); }
      groups[tag].push(entry);
    });
    var tagInfo = {};
    (spec.tags || []).forEach(function (t) { tagInfo[t.name] = t; });

    var html = '<p><strong>' + esc(info.title || 'API') + '</strong> <span class="muted">v' + esc(info.version || '') + ' · OpenAPI ' + esc(spec.openapi || '') + '</span></p>';
    if (info.description) html += '<div class="intro">' + esc(info.description) + '</div>';
    html += '<nav class="toc"><h2>目录 Contents</h2><ul>' + ops.map(function (entry) {
      return '<li><a href="#' + esc(anchor(entry)) + '"><span class="type">' + esc(entry.method.toUpperCase()) + '</span> <code>' + esc(entry.path) + '</code></a> ' + esc(entry.op.summary || '') + '</li>';
    }).join('') + '</ul></nav>';
    order.forEach(function (tag) {
      html += '<h2>' + esc(tag) + (tagInfo[tag] && tagInfo[tag].description ? ' <small class="muted">' + esc(tagInfo[tag].description) + '</small>' : '') + '</h2>';
      html += groups[tag].map(function (entry) { return renderOperation(spec, entry); }).join('');
    });
    var schemas = (spec.components && spec.components.schemas) || {};
    var names = Object.keys(schemas);
    if (names.length) {
      html += '<h2>数据结构 Schemas</h2>' + names.map(function (name) {
        return '<section class="op" id="schema-' + esc(name) + '"><h3><code>' + esc(name) + '</code></h3>' + schemaBlock(spec, schemas[name]) + '</section>';
      }).join('');
    }
    return html;
  }

  root.govperfDocs = { renderSpec: renderSpec };
  if (typeof document === 'undefined') return;

  var target = document.getElementById('docs');
  fetch('openapi.json', { headers: { Accept: 'application/json' } })
    .then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.json();
    })
    .then(function (spec) {
      target.innerHTML = renderSpec(spec);
      if (location.hash) {
        var el = document.getElementById(location.hash.slice(1));
        if (el) el.scrollIntoView();
      }
    })
    .catch(function (error) {
      target.innerHTML = '<p class="error">无法加载 openapi.json / Could not load openapi.json: ' + esc(error.message) + '</p>';
    });
})(this);
`;

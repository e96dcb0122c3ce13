// The intake page: search boxes on the category and place lists (pinyin initials too), and the
// side panel filled while the call-taker types. Without JavaScript the page works as a form.
(function () {
  "use strict";
  var form = document.getElementById("intake-form");
  var labels = document.getElementById("intake-labels");
  if (!form || !labels) { return; }
  var L = labels.dataset;
  var panel = document.getElementById("intake-assist");
  var chosenByHand = {};

  form.querySelectorAll("[data-no-js]").forEach(function (el) { el.hidden = true; });

  // Search boxes above the lists; an option chosen by typing counts as chosen by hand.
  window.MinshengPickers.addSearchBoxes(form, L.search, function (select) {
    chosenByHand[select.name] = true;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  });
  form.querySelectorAll("select[data-picker]").forEach(function (select) {
    select.addEventListener("change", function (event) {
      if (event.isTrusted) { chosenByHand[select.name] = true; }
    });
  });

  function item(html) { var li = document.createElement("li"); li.innerHTML = html; return li; }
  function escape(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }
  function section(title, rows, render) {
    var h = document.createElement("h3");
    h.textContent = title;
    var ul = document.createElement("ul");
    if (!rows.length) { ul.appendChild(item(escape(L.none))); }
    rows.forEach(function (row) { ul.appendChild(item(render(row))); });
    return [h, ul];
  }
  function caseLink(c) {
    return '<a href="' + L.caseUrl.replace(/\/$/, "") + "/cases/" + encodeURIComponent(c.number) + '/">' +
      escape(c.number) + "</a> · " + escape(c.received) + " · " + escape(c.title) + (c.status ? " · " + escape(c.status) : "");
  }

  function show(data) {
    panel.innerHTML = "";
    var parts = [];
    parts = parts.concat(section(L.articles, data.articles, function (a) {
      return "<strong>" + escape(a.title) + "</strong><br>" + escape(a.body) +
        ' <button type="submit" form="intake-form" class="button" name="article" value="' + a.id +
        '" formaction="' + L.answerUrl + '">' + escape(L.answer) + "</button>";
    }));
    parts = parts.concat(section(L.categories, data.categories, function (c) {
      return escape(c.name) + " (" + escape(c.code) + ") · " + c.percent + "%" + (c.unit ? " · " + escape(c.unit) : "") +
        ' <button type="button" class="button" data-category="' + c.id + '">' + escape(L.choose) + "</button>";
    }));
    var unit = data.unit ? [data.unit] : [];
    parts = parts.concat(section(L.unit, unit, function (u) { return "<strong>" + escape(u.name) + "</strong> · " + escape(u.reason); }));
    parts = parts.concat(section(L.previous, data.previous, caseLink));
    parts = parts.concat(section(L.duplicates, data.duplicates, caseLink));
    parts.forEach(function (el) { panel.appendChild(el); });
    // The classifier's first guess is chosen unless the call-taker chose a category.
    var category = form.elements.category;
    if (category && data.categories.length && !chosenByHand.category) {
      category.value = String(data.categories[0].id);
    }
  }

  panel.addEventListener("click", function (event) {
    var target = event.target.closest("[data-category]");
    if (target) {
      form.elements.category.value = target.dataset.category;
      chosenByHand.category = true;
      ask();
    }
  });

  var timer = null;
  var asked = "";
  function ask() {
    var params = new URLSearchParams({
      content: form.elements.content.value,
      title: form.elements.title ? form.elements.title.value : "",
      phone: form.elements.caller_phone ? form.elements.caller_phone.value : "",
      place: form.elements.place ? form.elements.place.value : "",
      category: chosenByHand.category ? form.elements.category.value : ""
    });
    var query = params.toString();
    if (query === asked) { return; }
    asked = query;
    fetch(form.dataset.assistUrl + "?" + query, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && asked === query) { show(data); } })
      .catch(function () { /* the panel stays as it was; the form still works */ });
  }
  form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 350); });
  form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(ask, 100); });
})();

// The residents' report page: a search box on the category and place lists (pinyin initials
// too), and the classifier's three best categories for the words typed, each a button that
// chooses it. Without JavaScript the page works as a form and shows the guesses after
// "Send me a code".
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) { return; }
  var labels = form.dataset;
  var content = form.querySelector("textarea[name=content]");
  var category = form.querySelector("select[name=category]");
  var panel = document.getElementById("category-suggestions");

  window.MinshengPickers.addSearchBoxes(form, labels.search);

  if (!content || !category || !panel) { return; }
  var timer = null;
  function show(found) {
    panel.textContent = "";
    if (!found.length) { return; }
    var hint = document.createElement("p");
    hint.className = "hint";
    hint.textContent = labels.suggested;
    panel.appendChild(hint);
    found.forEach(function (item) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button";
      button.textContent = item.name;
      button.addEventListener("click", function () {
        category.value = String(item.id);
        category.focus();
      });
      panel.appendChild(button);
    });
  }
  content.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      var url = form.dataset.suggestUrl + "?content=" + encodeURIComponent(content.value.slice(0, 2000));
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (answer) { return answer.ok ? answer.json() : { categories: [] }; })
        .then(function (data) { show(data.categories || []); })
        .catch(function () { /* the form works without the guesses */ });
    }, 500);
  });
})();

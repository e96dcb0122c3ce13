// Search boxes above the drop-downs marked data-picker (hotline/pickers.py gives each option the
// words it answers to, pinyin initials too): typing keeps the options that match and chooses the
// first. Shared by the intake page and the residents' report page.
(function () {
  "use strict";

  function addSearchBox(select, label, onChoose) {
    var box = document.createElement("input");
    box.type = "search";
    box.id = select.id + "-search";
    box.setAttribute("aria-label", label);
    box.setAttribute("aria-controls", select.id);
    box.placeholder = label;
    box.autocomplete = "off";
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var words = box.value.trim().toLowerCase();
      var first = null;
      Array.prototype.forEach.call(select.options, function (option) {
        var text = (option.dataset.search || option.text).toLowerCase();
        var match = !words || text.indexOf(words) !== -1;
        option.hidden = !match;
        if (match && option.value && !first) { first = option; }
      });
      if (first && words) {
        select.value = first.value;
        if (onChoose) { onChoose(select); }
      }
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
  }

  window.MinshengPickers = {
    /* A search box labelled ``label`` above each picker in ``form``; ``onChoose(select)``, if
       given, runs after typing chose an option. */
    addSearchBoxes: function (form, label, onChoose) {
      form.querySelectorAll("select[data-picker]").forEach(function (select) {
        addSearchBox(select, label, onChoose);
      });
    }
  };
})();

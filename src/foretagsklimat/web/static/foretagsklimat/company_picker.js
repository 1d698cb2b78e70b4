// The company picker: a text input becomes an ARIA combobox (the "list autocomplete"
// pattern) that asks the workspace's search endpoint as one types. Without this script
// the form still works: the server resolves the typed name or organisation number.
(function () {
  "use strict";

  function setUp(picker) {
    if (picker.dataset.ready) return;
    picker.dataset.ready = "1";
    var input = picker.querySelector("input[role=combobox]");
    var list = picker.querySelector("[role=listbox]");
    var status = picker.querySelector(".company-picker-status");
    // The chosen company's id, posted beside the text; typing again forgets it.
    var chosenId = picker.querySelector(".company-picker-id");
    var url = picker.dataset.searchUrl;
    var options = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    // In a picker of several companies a choice becomes a ticked box and the input clears.
    var multi = picker.closest(".companies-picker");
    var picked = multi && multi.querySelector(".picked-companies");

    function choose(option) {
      if (picked) {
        var exists = picked.querySelector('input[value="' + option.dataset.id + '"]');
        if (exists) {
          exists.checked = true;
        } else {
          var label = document.createElement("label");
          var box = document.createElement("input");
          box.type = "checkbox";
          box.name = picked.dataset.field;
          box.value = option.dataset.id;
          box.checked = true;
          label.appendChild(box);
          label.appendChild(document.createTextNode(" " + option.dataset.label));
          picked.appendChild(label);
        }
        input.value = "";
      } else {
        input.value = option.dataset.label;
        chosenId.value = option.dataset.id;
      }
      // A choice among the server's matches no longer applies.
      picker.querySelectorAll(".company-picker-matches").forEach(function (el) {
        el.remove();
      });
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function show(data) {
      list.textContent = "";
      options = data.results.map(function (company, i) {
        var option = document.createElement("span");
        option.id = list.id + "_" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.label = company.label;
        option.dataset.id = company.id;
        option.textContent = company.label;
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the input
          choose(option);
        });
        list.appendChild(option);
        return option;
      });
      status.textContent = data.status;
      if (options.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
      active = -1;
    }

    function search() {
      var query = input.value.trim();
      if (query.length < 2) {
        close();
        return;
      }
      var ticket = ++asked;
      fetch(url + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [], status: "" };
        })
        .then(function (data) {
          if (ticket === asked) show(data); // an answer to an older query is dropped
        })
        .catch(function () {
          close();
        });
    }

    input.addEventListener("input", function () {
      chosenId.value = "";
      clearTimeout(timer);
      timer = setTimeout(search, 150);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && options.length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) search();
        else highlight(active < options.length - 1 ? active + 1 : 0);
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(active > 0 ? active - 1 : options.length - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault(); // choose, do not submit the form yet
        choose(options[active]);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  function setUpAll() {
    document.querySelectorAll(".company-picker").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();

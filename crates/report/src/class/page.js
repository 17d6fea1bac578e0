// Makes the submissions table sortable: click a heading to sort by it, again to reverse; a page
// opened with #sort=total (ascending) or #sort=-total (descending) starts sorted. Without this
// script the table stays in name order and reads the same. It logs nothing and loads nothing.
"use strict";
(function () {
  const table = document.getElementById("submissions");
  if (!table || !table.tHead || table.tBodies.length === 0) {
    return;
  }
  const heads = Array.from(table.tHead.rows[0].cells);
  const body = table.tBodies[0];
  Array.from(body.rows).forEach((row, i) => {
    row.dataset.order = String(i);
  });

  function sortBy(index, descending) {
    const numeric = heads[index].dataset.type === "number";
    const value = (row) => {
      const raw = row.cells[index].dataset.value || "";
      return numeric ? Number(raw) : raw;
    };
    const rows = Array.from(body.rows);
    rows.sort((a, b) => {
      const x = value(a);
      const y = value(b);
      let order = numeric ? x - y : x.localeCompare(y);
      if (descending) {
        order = -order;
      }
      // Equals keep the name order, whichever the direction.
      return order || Number(a.dataset.order) - Number(b.dataset.order);
    });
    body.append(...rows);
    heads.forEach((head, i) => {
      head.setAttribute("aria-sort", i === index ? (descending ? "descending" : "ascending") : "none");
    });
  }

  heads.forEach((head, index) => {
    const button = document.createElement("button");
    button.type = "button";
    button.title = "Sort by " + head.textContent.trim();
    while (head.firstChild) {
      button.append(head.firstChild);
    }
    head.append(button);
    head.setAttribute("aria-sort", "none");
    button.addEventListener("click", () => {
      const descending = head.getAttribute("aria-sort") === "ascending";
      sortBy(index, descending);
      const fragment = "#sort=" + (descending ? "-" : "") + encodeURIComponent(head.dataset.key);
      try {
        history.replaceState(null, "", fragment);
      } catch (_) {
        // A page opened from a file may not rewrite its address in every browser; sorting is
        // what matters.
      }
    });
  });

  const wanted = /^#sort=(-?)(.+)$/.exec(location.hash);
  if (wanted) {
    const key = decodeURIComponent(wanted[2]);
    const index = heads.findIndex((head) => head.dataset.key === key);
    if (index >= 0) {
      sortBy(index, wanted[1] === "-");
    }
  }
  table.dataset.sortable = "ready";
})();

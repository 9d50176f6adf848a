import { estimateFromFields, fieldReason, type EstimateResult, type FieldName, type FieldProblem } from "../../src/pipeline/estimate-request.js";
import { ContractError, formatProblem } from "../../src/contracts/problems.js";
import { GUILDS } from "../../src/domain/vocabulary.js";
import { answerHtml, answerStatus, comparisonHtml, escape } from "./answer.js";
import { library } from "./library.js";
import { emptyPeriod, fieldsOf, PERIOD_NAMES, queryFromValues, SINGLE_NAMES, valuesFromQuery, type FormValues, type PeriodName, type SingleName } from "./query.js";
import "./style.css";

/** Each field's label, for messages that name another field. */
const LABELS: Partial<Record<FieldName, string>> = {
  contract: "Contract",
  guild: "Contract",
  kind: "Kind",
  produced: "Production date",
  "first-aired": "First air date",
  runtime: "Runtime",
  "first-season": "First season",
  market: "Market",
  budget: "Budget",
  "residual-base": "Residual base",
  tam: "Your TAM",
  share: "Your share of the pool",
  "my-units": "Your units",
  "total-units": "Of total units",
  medium: "Medium",
  from: "First day",
  to: "Last day",
  gross: "Distributor's gross",
  units: "Downloads or rentals",
  "hours-viewed": "Hours viewed",
  "service-subscribers": "Service's subscribers",
};
const label = (field: FieldName) => `“${LABELS[field] ?? field}”`;

const form = document.querySelector<HTMLFormElement>("#form")!;
const result = document.querySelector<HTMLElement>("#result")!;
/** A short summary read out by screen readers as the answer changes (the whole answer would be too much). */
const status = document.querySelector<HTMLElement>("#status")!;
const periodList = document.querySelector<HTMLOListElement>("#period-list")!;
const periodTemplate = document.querySelector<HTMLTemplateElement>("#period-template")!;
const contractSelect = document.querySelector<HTMLSelectElement>("#contract")!;
const compareSelect = document.querySelector<HTMLSelectElement>("#compare")!;

function fillContractChoices(select: HTMLSelectElement, none?: string): void {
  const byDate = GUILDS.map((guild) => `<option value="${guild}">${guild.toUpperCase()}: the ratified contract in force on the dates</option>`).join("");
  const byName = library
    .ids()
    .map((id) => {
      const contract = library.contract(id);
      return `<option value="${escape(id)}">${escape(contract.title)} (${escape(id)})</option>`;
    })
    .join("");
  select.innerHTML = `${none === undefined ? "" : `<option value="">${escape(none)}</option>`}<optgroup label="In force on each period's dates">${byDate}</optgroup><optgroup label="By name">${byName}</optgroup>`;
}

/** A value the select lacks (an unknown id in an address) is kept as an option, so its message can be shown. */
function selectValue(select: HTMLSelectElement, value: string): void {
  if (![...select.options].some((option) => option.value === value)) select.add(new Option(`Unknown: ${value}`, value));
  select.value = value;
}

function addPeriod(values: Record<PeriodName, string>): void {
  const item = periodTemplate.content.firstElementChild!.cloneNode(true) as HTMLLIElement;
  for (const name of PERIOD_NAMES) {
    const control = item.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-name="${name}"]`)!;
    if (control instanceof HTMLSelectElement) selectValue(control, values[name]);
    else control.value = values[name];
  }
  item.querySelector<HTMLButtonElement>(".remove")!.addEventListener("click", () => {
    const next = item.nextElementSibling ?? item.previousElementSibling;
    item.remove();
    numberPeriods();
    update();
    next?.querySelector<HTMLElement>("select, input")?.focus();
  });
  periodList.append(item);
  numberPeriods();
}

/** Ids, labels and descriptions follow the periods' order. */
function numberPeriods(): void {
  const items = [...periodList.children] as HTMLLIElement[];
  items.forEach((item, index) => {
    const number = index + 1;
    for (const span of item.querySelectorAll(".number")) span.textContent = String(number);
    for (const name of PERIOD_NAMES) {
      const id = `period-${number}-${name}`;
      const control = item.querySelector<HTMLElement>(`[data-name="${name}"]`)!;
      control.id = id;
      item.querySelector(`[data-for="${name}"]`)!.setAttribute("for", id);
      item.querySelector(`[data-error="${name}"]`)!.id = `${id}-error`;
      const help = item.querySelector(`[data-help-text="${name}"]`);
      if (help) help.id = `${id}-help`;
      control.setAttribute("aria-describedby", `${help ? `${id}-help ` : ""}${id}-error`);
    }
    item.querySelector<HTMLButtonElement>(".remove")!.hidden = items.length === 1;
  });
}

function readForm(): FormValues {
  const single = {} as Record<SingleName, string>;
  for (const name of SINGLE_NAMES) {
    if (name === "contract" || name === "guild") continue;
    const control = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
    single[name] = control instanceof HTMLInputElement && control.type === "checkbox" ? (control.checked ? "1" : "") : control.value;
  }
  const chosen = contractSelect.value;
  const byGuild = (GUILDS as readonly string[]).includes(chosen);
  single.guild = byGuild ? chosen : "";
  single.contract = byGuild ? "" : chosen;
  const periods = ([...periodList.children] as HTMLLIElement[]).map((item) => {
    const period = emptyPeriod();
    for (const name of PERIOD_NAMES) period[name] = item.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-name="${name}"]`)!.value;
    return period;
  });
  return { single, periods };
}

function writeForm(values: FormValues): void {
  fillContractChoices(contractSelect);
  fillContractChoices(compareSelect, "Nothing");
  for (const name of SINGLE_NAMES) {
    if (name === "contract" || name === "guild") continue;
    const control = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
    if (control instanceof HTMLInputElement && control.type === "checkbox") control.checked = /^(1|true|yes|on)$/i.test(values.single[name]);
    else if (control instanceof HTMLSelectElement) selectValue(control, values.single[name]);
    else control.value = values.single[name];
  }
  selectValue(contractSelect, values.single.contract || values.single.guild);
  periodList.replaceChildren();
  for (const period of values.periods) addPeriod(period);
}

/** The control a problem belongs to. */
function controlOf(field: FieldName, period?: number): HTMLElement | null {
  if (field === "guild") return contractSelect;
  return document.getElementById(period === undefined ? field : `period-${period}-${field}`);
}

function showProblems(problems: readonly FieldProblem[], compared: readonly FieldProblem[]): void {
  for (const control of form.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
  for (const slot of form.querySelectorAll<HTMLElement>(".error")) slot.textContent = "";
  const show = (problem: FieldProblem, control: HTMLElement | null) => {
    if (control === null) return;
    const slot = document.getElementById(`${control.id}-error`);
    if (slot === null || slot.textContent !== "") return;
    // A field left blank is not an error yet: it says what it needs without alarm.
    const missing = problem.value === undefined && problem.reason.startsWith("is required");
    slot.textContent = missing ? `Needed: ${problem.reason.replace(/^is required \(?|\)$/g, "")}` : fieldReason(problem, label);
    slot.classList.toggle("needed", missing);
    if (!missing) control.setAttribute("aria-invalid", "true");
  };
  for (const problem of problems) show(problem, controlOf(problem.field, problem.period));
  for (const problem of compared) show(problem, compareSelect);
}

type Outcome = { result: EstimateResult } | { problems: FieldProblem[] };

function run(values: FormValues, side: "contract" | "compare"): Outcome {
  try {
    const outcome = estimateFromFields(fieldsOf(values, side), library);
    return Array.isArray(outcome) ? { problems: outcome } : { result: outcome };
  } catch (error) {
    if (!(error instanceof ContractError)) throw error;
    const field = fieldsOf(values, side).contract !== undefined ? "contract" : "guild";
    return { problems: [{ field, reason: error.problems.map(formatProblem).join("; ") }] };
  }
}

/** Reads the form, computes, shows: on every change. The address follows, so a link reproduces it. */
function update(): void {
  const values = readForm();
  const query = queryFromValues(values);
  history.replaceState(null, "", `${location.pathname}${query ? `?${query}` : ""}`);

  const first = run(values, "contract");
  const second = values.single.compare.trim() === "" ? undefined : run(values, "compare");
  // The comparison's field problems are the first's; only its contract's own are shown by its select.
  const compareProblems = second && "problems" in second ? second.problems.filter((problem) => problem.field === "contract" || problem.field === "guild") : [];
  showProblems("problems" in first ? first.problems : [], compareProblems);
  const hint = (field: FieldName) => label(field);
  if ("problems" in first) {
    const invalid = first.problems.filter((problem) => problem.value !== undefined || !problem.reason.startsWith("is required"));
    result.innerHTML = `<p class="waiting">${
      invalid.length > 0 ? "Correct the marked fields to see an estimate." : `Fill in ${[...new Set(first.problems.map((problem) => escape(label(problem.field))))].join(", ")} to see an estimate.`
    }</p>`;
  } else if (second && "result" in second) {
    result.innerHTML = comparisonHtml(first.result, second.result, hint);
  } else {
    result.innerHTML = answerHtml(first.result, hint);
  }
  result.dataset.state = "problems" in first ? "waiting" : "done";
  status.textContent = "problems" in first ? result.textContent!.trim() : answerStatus(first.result, second && "result" in second ? second.result : undefined);
}

writeForm(valuesFromQuery(location.search));
form.addEventListener("input", update);
form.addEventListener("change", update);
form.addEventListener("submit", (event) => event.preventDefault());
document.querySelector("#add-period")!.addEventListener("click", () => {
  addPeriod(emptyPeriod());
  update();
  periodList.lastElementChild?.querySelector<HTMLElement>("select, input")?.focus();
});
update();

"""The wizard's form: the golden path's copier questions as fields.

Defaults are filled in (and follow the answers they depend on until edited), each
answer is checked by the core's rules when the field is left (and again as you type
once it shows an error), and `when` conditions are re-evaluated on every change, so
dependent questions appear and disappear.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Button, Input, Static

from ...core.errors import BadInputError
from ...core.golden_paths import answers as answer_rules
from ...core.golden_paths.models import Question
from ...core.naming import validate_project_name
from ..widgets.question_field import QuestionField
from .wizard_steps import WizardStep, error_line

LABELS = {"project_name": "Project name", "description": "Description"}


class QuestionsStep(WizardStep):
    """The form for the golden path picked; rebuilt when another one is picked."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._built_for: str | None = None
        self._questions: list[Question] = []

    def compose(self) -> ComposeResult:
        yield Static("", classes="step-intro", markup=False)
        yield error_line()
        yield Button("Next", classes="next", variant="primary")

    async def enter(self) -> None:  # type: ignore[override]
        path = self.state.golden_path
        assert path is not None
        if self._built_for != path.name:
            await self._build()
        self.query_one(".step-intro", Static).update(
            f"{path.title}: answer its questions. Tab moves, Enter goes to the next field."
        )
        first = next(iter(self._fields()), None)
        if first is not None:
            first.focus_control(scroll_visible=False)
        self.call_after_refresh(self.scroll_home, animate=False)

    async def _build(self) -> None:
        path = self.state.golden_path
        assert path is not None
        await self.query(QuestionField).remove()
        self._questions = self.state.form_questions()
        answers = self._base()
        fields = []
        for question in self._questions:
            value = self.state.answers.get(question.name)
            if value is None:
                value = _default(question, answers)
            answers[question.name] = value
            fields.append(QuestionField(question, value, label=LABELS.get(question.name)))
        await self.mount_all(fields, before=self.query_one(".step-error"))
        self._built_for = path.name
        self.clear_problem()
        self._reflow()

    def _fields(self) -> list[QuestionField]:
        return [field for field in self.query(QuestionField) if field.display]

    def _field(self, name: str) -> QuestionField | None:
        found = self.query(f"#field-{name}")
        return found.first(QuestionField) if found else None

    def _base(self) -> dict[str, Any]:
        path = self.state.golden_path
        assert path is not None
        return {"golden_path": path.name, "owner": self.state.owner or ""}

    def _reflow(self) -> dict[str, Any]:
        """Walk the questions in order: show those whose `when` holds, refill the
        defaults nobody edited; return the answers of the fields shown."""
        answers = self._base()
        shown: dict[str, Any] = {}
        for question in self._questions:
            field = self._field(question.name)
            if field is None:
                continue
            applies = answer_rules.applies(question, answers)
            field.display = applies
            if not applies:
                continue
            if not field.edited:
                field.set_value(_default(question, answers))
            value = field.value
            try:
                answers[question.name] = answer_rules.cast(question, value)
            except BadInputError:
                answers[question.name] = value
            shown[question.name] = value
        return shown

    def _check(self, field: QuestionField) -> bool:
        """Check one field with the core's rules; show or clear its error."""
        answers = self._base()
        for question in self._questions:
            other = self._field(question.name)
            if other is not None and other.display and question.name != field.question.name:
                try:
                    answers[question.name] = answer_rules.cast(question, other.value)
                except BadInputError:
                    answers[question.name] = other.value
        try:
            if field.question.name == "project_name":
                validate_project_name(str(field.value))
            answer_rules.validate(field.question, field.value, answers)
        except BadInputError as error:
            # A validator's hint is the question's help, already shown above the field.
            hint = "" if error.hint == field.question.help else error.hint
            text = f"{error.message} — {hint}" if hint else error.message
            field.show_error(_shorter(text, field.question.name))
            return False
        field.show_error(None)
        return True

    def on_question_field_changed(self, event: QuestionField.Changed) -> None:
        event.stop()
        self._reflow()
        if event.field.error:
            self._check(event.field)

    def on_question_field_left(self, event: QuestionField.Left) -> None:
        event.stop()
        if event.field.display and (event.field.edited or event.field.error):
            self._check(event.field)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        fields = self._fields()
        current = next((f for f in fields if event.input in f.query(Input)), None)
        if current is None or not self._check(current):
            return
        if current is fields[-1]:
            self.submit()
        else:
            self.screen.focus_next()

    def submit(self) -> None:
        fields = self._fields()
        failed = [field for field in fields if not self._check(field)]
        if failed:
            failed[0].focus_control()
            return
        self.state.answers = self._reflow()
        self.post_message(self.Done(self))

    def show_problem(self, field: str | None, text: str) -> None:
        target = self._field(field) if field else None
        if target is not None and target.display:
            target.show_error(_shorter(text, target.question.name))
            target.focus_control()
        else:
            super().show_problem(field, text)


def _default(question: Question, answers: dict[str, Any]) -> Any:
    try:
        return answer_rules.default(question, answers)
    except BadInputError:
        return question.default


def _shorter(text: str, name: str) -> str:
    """`freshness_hours: '0': ...` under the freshness hours field says it twice."""
    prefix = f"{name}: "
    return text[len(prefix) :] if text.startswith(prefix) else text

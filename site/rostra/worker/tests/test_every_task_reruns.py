"""Every background task of the core and the plugins is safe to run twice (a
worker that died had it RUNNING; its lease expired; another runs it again),
and has a test that runs it again. A new task fails this test until it has
one: name it below."""

import ast
from pathlib import Path

from rostra.worker.tests import inventory

ROOT = Path(__file__).resolve().parents[4]
PETITIONS = "plugins/petitions/rostra_petitions/tests"
DONATIONS = "plugins/donations/rostra_donations/tests"
NETWORK = "plugins/network/rostra_network/tests"

RERUN_TESTS = {
    "rostra.mail.sending.deliver": [
        "site/rostra/mail/tests/test_delivery.py::test_a_delivery_run_again_sends_nothing",
        "site/rostra/worker/tests/test_worker_death.py"
        "::test_an_email_whose_worker_was_killed_mid_send_goes_out_once",
    ],
    "rostra.cache_purge.tasks.purge_sites": [
        "site/rostra/cache_purge/tests/test_rerun.py"
        "::test_a_whole_site_purge_run_again_purges_the_same_addresses",
    ],
    "rostra.people.tasks.run_import": [
        "site/rostra/people/tests/test_import_task.py"
        "::test_a_finished_import_run_again_is_left_as_it_is",
        "site/rostra/people/tests/test_import_task.py"
        "::test_an_import_whose_worker_died_half_way_is_completed_with_what_each_run_did",
    ],
    "rostra_petitions.tasks.fold_counts": [
        f"{PETITIONS}/test_counting.py::test_folding_twice_counts_once",
    ],
    "rostra_petitions.tasks.recount_all": [
        f"{PETITIONS}/test_tasks_rerun.py::test_recounting_twice_finds_no_drift_the_second_time",
    ],
    "rostra_petitions.tasks.send_confirmations": [
        f"{PETITIONS}/test_confirmation_emails.py"
        "::test_many_signings_queue_one_run_that_emails_each_signer",
    ],
    "rostra_petitions.tasks.record_confirmations": [
        f"{PETITIONS}/test_recording.py::test_the_signer_is_recorded_once_by_the_next_run",
        f"{PETITIONS}/test_recording.py::test_runs_at_the_same_time_record_each_confirmation_once",
    ],
    "rostra_petitions.tasks.invalidate": [
        f"{PETITIONS}/test_tasks_rerun.py::test_an_invalidation_run_again_touches_nothing_more",
    ],
    "rostra_petitions.tasks.retention": [
        f"{PETITIONS}/test_gdpr.py::test_signatures_are_anonymised_months_after_close",
    ],
    "rostra_petitions.tasks.import_paper": [
        f"{PETITIONS}/test_tasks_rerun.py"
        "::test_a_paper_import_run_again_imports_nothing_twice_and_keeps_its_report",
    ],
    "rostra_donations.tasks.acknowledge": [
        f"{DONATIONS}/test_tasks_rerun.py::test_an_acknowledgement_run_again_sends_nothing_more",
        f"{DONATIONS}/test_worker_death.py"
        "::test_a_worker_killed_mid_acknowledgement_leaves_one_of_everything",
    ],
    "rostra_donations.tasks.apply_kept": [
        f"{DONATIONS}/test_event_order.py::test_applying_what_was_kept_twice_changes_nothing",
        f"{DONATIONS}/test_event_order.py"
        "::test_what_was_kept_is_applied_once_when_released_at_once",
    ],
    "rostra_donations.tasks.regenerate": [
        f"{DONATIONS}/test_tasks_rerun.py"
        "::test_a_regeneration_run_again_keeps_the_number_and_one_file",
    ],
    "rostra_network.tasks.propagate_blueprint": [
        f"{NETWORK}/test_tasks_rerun.py"
        "::test_propagating_the_blueprint_twice_gives_each_site_the_same_branding",
    ],
    "rostra_api.webhooks.deliver_task": [
        "plugins/api/rostra_api/tests/test_webhooks.py"
        "::test_retried_with_backoff_then_delivered_once_with_the_same_id",
    ],
    "rostra_mailings.tasks.send_mailing": [
        "plugins/mailings/rostra_mailings/tests/test_sending.py"
        "::test_running_the_task_again_sends_nothing_more",
        "plugins/mailings/rostra_mailings/tests/test_worker_death.py"
        "::test_a_worker_killed_mid_mailing_sends_each_copy_once",
    ],
    "rostra_mailings.tasks.start_scheduled": [
        "plugins/mailings/rostra_mailings/tests/test_scheduling.py"
        "::test_the_worker_starts_it_once_when_due_even_run_twice",
    ],
    "rostra_mailings.tasks.send_steps": [
        "plugins/mailings/rostra_mailings/tests/test_automations.py"
        "::test_the_step_task_run_again_sends_nothing_more",
        "plugins/mailings/rostra_mailings/tests/test_automations.py"
        "::test_a_new_supporter_gets_each_message_once_when_due",
    ],
    "rostra_mailings.tasks.pick_winner": [
        "plugins/mailings/rostra_mailings/tests/test_subject_test.py"
        "::test_choosing_again_sends_nothing_more",
    ],
    "rostra_mailings.tasks.send_test": [
        "plugins/mailings/rostra_mailings/tests/test_scheduling.py"
        "::test_a_test_run_again_sends_no_second_copy",
    ],
    "rostra_mailings.sms.tasks.send_sms": [
        "plugins/mailings/rostra_mailings/tests/sms/test_sending.py"
        "::test_running_the_task_again_sends_nothing_more",
        "plugins/mailings/rostra_mailings/tests/sms/test_two_workers.py"
        "::test_two_workers_at_once_send_each_copy_once",
    ],
    "rostra_mailings.relayed.sending.send_relayed": [
        "tests/test_organising_mail_through_mailings.py"
        "::test_the_sending_task_run_again_sends_nothing_more",
    ],
    "rostra_organising.events.messages.write_email": [
        "plugins/organising/rostra_organising/tests/test_email_task.py"
        "::test_writing_an_rsvps_email_again_sends_it_once",
    ],
    "rostra_organising.events.reminders.send_reminders": [
        "plugins/organising/rostra_organising/tests/test_changes.py"
        "::test_reminders_go_once_each_even_when_run_twice",
    ],
    "rostra_organising.volunteering.reminders.send_shift_reminders": [
        "plugins/organising/rostra_organising/tests/test_shifts.py"
        "::test_shift_reminders_go_once_each_even_when_run_twice",
    ],
    "rostra_targeting.tasks.run_results_import": [
        "plugins/targeting/rostra_targeting/tests/test_import.py"
        "::test_importing_the_same_file_again_changes_nothing",
    ],
    "rostra_network.tasks.run_batch": [
        f"{NETWORK}/test_tasks_rerun.py::test_a_finished_batch_run_again_is_left_as_it_is",
        f"{NETWORK}/test_tasks_rerun.py"
        "::test_a_batch_whose_worker_died_goes_on_and_reports_what_each_run_created",
    ],
}


# Known not yet safe to run twice, each with what a second run does. Listed so
# that it stays visible until it is mended, not hidden.
NOT_YET_SAFE = {}


def test_every_task_has_a_test_that_runs_it_again():
    assert sorted(inventory.own_tasks()) == sorted([*RERUN_TESTS, *NOT_YET_SAFE])


def test_the_tests_named_exist():
    missing = []
    for node_ids in RERUN_TESTS.values():
        for node_id in node_ids:
            path, name = node_id.split("::")
            tree = ast.parse((ROOT / path).read_text())
            names = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
            if name not in names:
                missing.append(node_id)
    assert not missing

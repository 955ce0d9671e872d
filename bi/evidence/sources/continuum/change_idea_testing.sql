select driver_level, driver, n_change_ideas, n_change_ideas_in_test, n_change_ideas_tested,
    share_change_ideas_tested, n_change_ideas_adopted, cycles_started, cycles_completed
from mart_change_idea_testing

"""Ground truth built into the sample district.

Every effect the generator plants lives here as a named constant, so metric code
and its tests can import the value they are supposed to recover instead of
copying magic numbers.  Shares are fractions (0.04 = 4 %), level effects are in
continuum levels, absence effects are in probability points (0.02 = 2 points).

Subgroup rule used throughout (and the one metrics should use to recover the
race/ethnicity shares): a student with ``hispanicOrLatinoEthnicity`` true is
Hispanic/Latino whatever race flag is set; otherwise
``demographicRaceTwoOrMoreRaces`` true means "two or more races"; otherwise the
single race flag that is set.  Program effects (economically disadvantaged,
English learner, IEP) apply according to the student's status on the first day
of the school year in question - i.e. having a row in that year's
program_participation file (an EL row with an end_date still counts for its
year) - and, for the starting level, the status in the year the student first
appears.  Effects are planted identically in reading and math.
"""

from __future__ import annotations

# --------------------------------------------------------------------------
# Student demographics and programs
# --------------------------------------------------------------------------

#: Race/ethnicity shares of students (sum to 1).  Keys are the subgroup codes.
RACE_ETHNICITY_SHARES: dict[str, float] = {
    "white": 0.40,
    "hispanic_latino": 0.28,
    "black": 0.15,
    "asian": 0.07,
    "two_or_more": 0.06,
    "american_indian_alaska_native": 0.02,
    "native_hawaiian_pacific_islander": 0.02,
}
#: Hispanic/Latino students also carry exactly one race flag, drawn with these shares.
HISPANIC_RACE_FLAG_SHARES: dict[str, float] = {
    "white": 0.85,
    "american_indian_alaska_native": 0.07,
    "black": 0.05,
    "native_hawaiian_pacific_islander": 0.03,
}
#: Sex shares (OneRoster values).
SEX_SHARES: dict[str, float] = {"male": 0.495, "female": 0.495, "other": 0.005, "unspecified": 0.005}

#: Economically disadvantaged probability = base + slope * neighbourhood + race shift.
#: The neighbourhood (uniform 0-1) also decides the school within a grade band, so the
#: rate differs by school (the lowest-numbered school in a band is the most affluent).
ECON_DISADV_BASE = 0.236
ECON_DISADV_NEIGHBOURHOOD_SLOPE = 0.40
ECON_DISADV_RACE_SHIFT: dict[str, float] = {
    "white": -0.10,
    "hispanic_latino": 0.12,
    "black": 0.15,
    "asian": -0.10,
    "two_or_more": 0.0,
    "american_indian_alaska_native": 0.15,
    "native_hawaiian_pacific_islander": 0.10,
}
#: Overall target share (what the model above averages to).
ECON_DISADV_SHARE = 0.45

#: Probability of being an English learner on entering kindergarten, by subgroup.
#: Students entering in higher grades use the same rate times (1 - exit rate)^grade,
#: which keeps the district's EL share at about ``ENGLISH_LEARNER_SHARE`` every year.
EL_ENTRY_RATE: dict[str, float] = {
    "hispanic_latino": 0.50,
    "asian": 0.50,
    "white": 0.05,
    "black": 0.05,
    "two_or_more": 0.05,
    "american_indian_alaska_native": 0.05,
    "native_hawaiian_pacific_islander": 0.05,
}
#: Share of EL students who exit (are reclassified) during each school year.  The
#: exit shows as an end_date in that year's program file; later years have no EL row.
EL_ANNUAL_EXIT_RATE = 0.10
ENGLISH_LEARNER_SHARE = 0.12

#: IEP (students with disabilities) rates by sex; boys are identified about twice as often.
IEP_RATE: dict[str, float] = {"male": 0.17, "female": 0.09, "other": 0.13, "unspecified": 0.13}
IEP_SHARE = 0.13
SECTION_504_SHARE = 0.03
#: Gifted identification is less frequent among economically disadvantaged students
#: (a real equity pattern); overall about 7 %.
GIFTED_RATE_ECON_DISADV = 0.045
GIFTED_RATE_NOT_ECON_DISADV = 0.09
GIFTED_SHARE = 0.07

# --------------------------------------------------------------------------
# Learner continuum levels
# --------------------------------------------------------------------------

#: Starting level = expected_level(grade, fall) + offsets + N(0, LEVEL_NOISE_SD).
LEVEL_OFFSET_IEP = -1.2
LEVEL_OFFSET_ENGLISH_LEARNER = -0.6
LEVEL_OFFSET_ECON_DISADV = -0.4
LEVEL_NOISE_SD = 0.6
#: Share of students who start "far behind", and their extra offset.
FAR_BEHIND_SHARE = 0.06
FAR_BEHIND_OFFSET = -2.5

#: Annual growth (levels per school year) = GROWTH_BASE + effects + N(0, GROWTH_STUDENT_SD).
#: The N(0, sd) term is drawn once per student and kept across years.
GROWTH_BASE = 1.0
GROWTH_EFFECT_ECON_DISADV = -0.2
GROWTH_EFFECT_ENGLISH_LEARNER = -0.15
GROWTH_EFFECT_IEP = -0.3
GROWTH_STUDENT_SD = 0.25
#: Each school year, independently: this share grows RAPID_GROWTH_MULTIPLIER times faster ...
RAPID_GROWTH_SHARE = 0.03
RAPID_GROWTH_MULTIPLIER = 2.5
#: ... and this share does not progress (growth N(0, NOT_PROGRESSING_SD) that year).
NOT_PROGRESSING_SHARE = 0.03
NOT_PROGRESSING_SD = 0.05
#: Mean multiplier of growth implied by the two shares above (1.015): a regression of
#: observed growth on program flags recovers the effects times this factor.
GROWTH_MEAN_MULTIPLIER = 1 - RAPID_GROWTH_SHARE - NOT_PROGRESSING_SHARE + RAPID_GROWTH_SHARE * RAPID_GROWTH_MULTIPLIER

#: Level at window w (0 fall, 1 winter, 2 spring) = fall level + growth * w / 3 + N(0, MEASUREMENT_SD).
#: Next fall = this fall + growth - SUMMER_LOSS.
MEASUREMENT_SD = 0.15
SUMMER_LOSS = 0.1
#: Bottom of the continuum ("emergent").  The true fall level is floored here every
#: year (the starting-level formula reaches below it for ~30 % of new kindergarteners),
#: and reported levels are rounded to one decimal and never below it.  Measure level
#: offsets on grades >= 3, where the floor practically never binds; growth effects are
#: essentially unaffected because the floor acts on the fall level before growth.
LEVEL_FLOOR = 0.0
#: Scale score = round(SCALE_INTERCEPT + SCALE_SLOPE * level + N(0, SCALE_NOISE_SD)), so the
#: warehouse's cut-score mapping is level = (scale - SCALE_INTERCEPT) / SCALE_SLOPE.
SCALE_INTERCEPT = 140
SCALE_SLOPE = 10
SCALE_NOISE_SD = 3.0
#: Math level = reading true level + a per-student offset N(0, MATH_OFFSET_SD) (+ its own
#: measurement noise), so math carries the same program effects as reading.
MATH_OFFSET_SD = 0.4
#: Share of students who miss a given assessment window (both subjects).
MISSED_WINDOW_SHARE = 0.03

# --------------------------------------------------------------------------
# Attendance
# --------------------------------------------------------------------------

#: Typical students: absence probability ~ Beta(a, b) with mean 4 %.
ABSENCE_TYPICAL_BETA = (6.0, 144.0)
ABSENCE_TYPICAL_MEAN = 0.04
#: Share of students with a chronic-absence propensity, drawn uniformly in the range.
CHRONIC_ABSENCE_SHARE = 0.12
CHRONIC_ABSENCE_RANGE = (0.15, 0.25)
#: Observed chronic absenteeism (missing >= 10 % of enrolled days) is higher than the
#: propensity group alone, because some typical students (mostly economically
#: disadvantaged, mean 6 %) cross the line by chance: about 15 % in a year without
#: the SCH002 shift (measured: 15.4-15.6 % a year at 100,000 students, seed 42).
CHRONIC_ABSENCE_OBSERVED_RATE_APPROX = 0.15
#: Added to the absence probability of economically disadvantaged students.
ABSENCE_EFFECT_ECON_DISADV = 0.02
#: The one special-cause signal: this school, in the final school year only, from
#: SHIFT_START (month, day) onwards, has its absence probability raised by SHIFT_SIZE.
#: Every other school-period is a stable process (each student's probability is
#: constant through time), i.e. common-cause variation only.
ATTENDANCE_SHIFT_SCHOOL_ID = "SCH002"
ATTENDANCE_SHIFT_START = (1, 1)
ATTENDANCE_SHIFT_SIZE = 0.08
#: Split of absent days, and rates among present days.
UNEXCUSED_SHARE_OF_ABSENCES = 0.60
TARDY_RATE = 0.04
EARLY_DEPARTURE_RATE = 0.01

# --------------------------------------------------------------------------
# Surveys (scale 1-5, favourable = response >= 4 after reverse-coding)
# --------------------------------------------------------------------------

SURVEY_SCALE = (1, 5)
SURVEY_FAVOURABLE_THRESHOLD = 4
STUDENT_SURVEY_GRADES = (3, 12)
SURVEY_RESPONSE_RATE = {"student": 0.75, "staff": 0.85}
#: Family responses per enrolled student (one adult answering for a household).
FAMILY_RESPONSES_PER_STUDENT = 0.30
#: Share of items a respondent skips (no row written).
SURVEY_ITEM_SKIP_RATE = 0.02
#: Expected share favourable per construct for the reference group.
SURVEY_BASE_FAVOURABILITY: dict[str, float] = {
    "belonging": 0.68,
    "safety": 0.74,
    "engagement": 0.58,
    "teacher_support": 0.72,
    "collaboration": 0.66,
    "leadership": 0.60,
    "improvement_culture": 0.55,
    "communication": 0.70,
    "welcome": 0.80,
}
#: Known gap: English learners' share favourable on belonging is this much lower
#: (percentage points as a fraction), item by item, in a school of average climate;
#: schools differ a little (latent sd 0.12), which changes the gap by < 0.01.  No
#: other construct has an EL gap.
SURVEY_EL_BELONGING_GAP = -0.15
#: Items whose raw values run the other way (5 = least favourable).
SURVEY_REVERSE_CODED_ITEMS = ("STU-BEL-3", "STU-SAF-3")

# --------------------------------------------------------------------------
# Continuous improvement
# --------------------------------------------------------------------------

#: PDSA cycles planned per month (September through May), cycling over teams in
#: team order (school teams SCH001, SCH002, ..., then the district team).
TEAM_PDSA_CYCLES_PER_MONTH = (0.3, 0.7, 1.2, 2.0)
PDSA_ACTIVE_MONTHS = (9, 10, 11, 12, 1, 2, 3, 4, 5)
#: Share of cycles with a written prediction, cycling over teams the same way.
TEAM_PREDICTION_RATE = (0.25, 0.5, 0.75, 0.95)
#: Share of meeting minutes spent on improvement/learning, cycling over teams.
TEAM_IMPROVEMENT_MINUTES_SHARE = (0.15, 0.30, 0.45, 0.60)
MEETING_INTERVAL_DAYS = 14
MEETING_MINUTES_RANGE = (45, 90)
MEETING_CANCELLED_SHARE = 0.08
#: Action items per meeting: probabilities of 0, 1, 2, 3 items.
ACTION_ITEMS_PER_MEETING_PROBS = (0.15, 0.35, 0.30, 0.20)
ACTION_ITEM_DUE_DAYS = 14
#: Outcome of action items: completed by the due date, completed late, still open.
ACTION_ITEM_OUTCOME_SHARES = (0.70, 0.18, 0.12)
#: Classroom observations per teacher per year: probabilities of 1, 2, 3 observations.
OBSERVATIONS_PER_TEACHER_PROBS = (0.15, 0.70, 0.15)
RUBRIC_DOMAIN_MEANS: dict[str, float] = {
    "planning": 2.9,
    "environment": 3.1,
    "instruction": 2.8,
    "professionalism": 3.3,
}
OBSERVATION_TEACHER_SD = 0.35
OBSERVATION_NOISE_SD = 0.45
PD_SESSIONS_PER_YEAR = 8
PD_EVALUATIONS_PER_SESSION = 15
PD_RATING_MEAN = 4.0


def expected_level(grade: int, window_index: int) -> float:
    """Continuum level a student on track is expected to be at.

    ``grade`` is 0 for kindergarten; ``window_index`` is 0 fall, 1 winter, 2 spring.
    A student grows one level per school year, so the fall of grade g is g + 1.
    """
    return grade + 1 + window_index / 3

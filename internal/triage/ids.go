// Package triage holds knead's safety-screening rules: the red-flag
// questions (RF-xx) that decide whether back pain needs a doctor before a
// massage, the contraindications (CI-xx) that exclude or limit techniques,
// and how a screening's answers, and the time since it was taken, decide
// whether booking is allowed. It is pure: no database and no clock; callers
// pass dates and instants in.
//
// The rules follow domain-clinical.md §1 and §2 (not part of a user's
// clone); this package is the repository's own list of every rule ID, and
// coverage_test.go fails when an ID lacks a rule or a test of its own.
package triage

// ID is a stable rule ID of domain-clinical.md, used in answers, results
// and the audit log.
type ID string

// Red flags (domain-clinical.md §1.3).
const (
	RF01 ID = "RF-01" // saddle numbness (cauda equina)
	RF02 ID = "RF-02" // new trouble passing urine
	RF03 ID = "RF-03" // loss of bladder or bowel control
	RF04 ID = "RF-04" // new change in sexual function
	RF05 ID = "RF-05" // symptoms in both legs
	RF06 ID = "RF-06" // worsening leg weakness, foot drop
	RF07 ID = "RF-07" // serious accident
	RF08 ID = "RF-08" // fragility fracture
	RF09 ID = "RF-09" // history of cancer
	RF10 ID = "RF-10" // unexplained weight loss
	RF11 ID = "RF-11" // fever, feeling very unwell
	RF12 ID = "RF-12" // infection risk
	RF13 ID = "RF-13" // chest pain, pulsing belly
	RF14 ID = "RF-14" // constant or night pain
	RF15 ID = "RF-15" // mainly upper back pain
	RF16 ID = "RF-16" // new lump or changed shape
	RF17 ID = "RF-17" // worse with cough, sneeze, bowels
	RF18 ID = "RF-18" // first episode aged 50 or over
	RF19 ID = "RF-19" // under 18: computed from the date of birth
	RF20 ID = "RF-20" // possible inflammatory back pain
	RF21 ID = "RF-21" // over 6 weeks, no improvement, unchecked
)

// Contraindications (domain-clinical.md §2.2).
const (
	CI01 ID = "CI-01" // blood clot (DVT/PE)
	CI02 ID = "CI-02" // fever, acute or contagious infection
	CI03 ID = "CI-03" // blood thinners, bleeding disorder
	CI04 ID = "CI-04" // recent surgery
	CI05 ID = "CI-05" // fracture
	CI06 ID = "CI-06" // osteoporosis
	CI07 ID = "CI-07" // wounds, skin infection
	CI08 ID = "CI-08" // pregnancy
	CI09 ID = "CI-09" // active cancer
	CI10 ID = "CI-10" // uncontrolled blood pressure, unstable heart disease
	CI11 ID = "CI-11" // varicose veins, phlebitis
	CI12 ID = "CI-12" // diabetic neuropathy
	CI13 ID = "CI-13" // medicines that blunt feedback
	CI14 ID = "CI-14" // recent stroke or TIA
	CI15 ID = "CI-15" // intoxication
	CI16 ID = "CI-16" // implanted device
	CI17 ID = "CI-17" // acute flare or strain
	CI18 ID = "CI-18" // hip replacement, fusion, hypermobility
	CI19 ID = "CI-19" // kidney-area endangerment site: applied to everyone
)

// AllRF and AllCI list every rule ID in order; the coverage test checks each
// has a rule and a test case.
var (
	AllRF = []ID{RF01, RF02, RF03, RF04, RF05, RF06, RF07, RF08, RF09, RF10, RF11, RF12, RF13, RF14, RF15, RF16,
		RF17, RF18, RF19, RF20, RF21}
	AllCI = []ID{CI01, CI02, CI03, CI04, CI05, CI06, CI07, CI08, CI09, CI10, CI11, CI12, CI13, CI14, CI15, CI16,
		CI17, CI18, CI19}
)

// RuleVersion names this set of rules; each screening stores it, so a
// result can be traced to the rules that made it (domain-clinical.md §1.2).
const RuleVersion = "2026-12.1"

// Answers to a question (API.md "Safety screening").
const (
	Yes     = "yes"
	No      = "no"
	NotSure = "not_sure"
)

// Techniques of API.md, in the order guidance lists them (no ranking:
// domain-clinical.md §4 — no technique is shown to be better).
const (
	Swedish      = "swedish"
	DeepTissue   = "deep_tissue"
	TriggerPoint = "trigger_point"
	Thai         = "thai"
)

// Techniques lists them.
var Techniques = []string{Swedish, DeepTissue, TriggerPoint, Thai}

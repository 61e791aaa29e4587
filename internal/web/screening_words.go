package web

import (
	"strings"

	"github.com/knead/knead/internal/triage"
)

// shortLabels name each question briefly, for the list of unanswered
// questions and the summary of flagged answers; the full wording is
// triage's.
var shortLabels = map[triage.ID]string{
	triage.RF01: "Numbness around the genitals, bottom or inner thighs",
	triage.RF02: "New trouble passing urine",
	triage.RF03: "Leaking, or loss of bladder or bowel control",
	triage.RF04: "New change in sexual function",
	triage.RF05: "Symptoms in both legs",
	triage.RF06: "Leg weakness getting worse, foot drop",
	triage.RF07: "Pain after a serious accident",
	triage.RF08: "Sudden pain after a minor fall, with thin bones or steroids",
	triage.RF09: "Ever had cancer",
	triage.RF10: "Weight lost without trying",
	triage.RF11: "Fever or feeling very unwell",
	triage.RF12: "Weakened immune system or recent infection",
	triage.RF13: "Chest pain, breathlessness or a pulsing belly",
	triage.RF14: "Constant pain, or pain that wakes you at night",
	triage.RF15: "Pain mainly in the upper back",
	triage.RF16: "New lump, or the shape of the back changed",
	triage.RF17: "Much worse with coughing or sneezing",
	triage.RF18: "First back pain ever, aged 50 or over",
	triage.RF20: "Gradual pain with long morning stiffness, under 45",
	triage.RF21: "Over 6 weeks without improvement, not checked",
	triage.CI01: "A blood clot, or a swollen painful calf",
	triage.CI02: "Fever, infection or contagious illness",
	triage.CI03: "Blood thinners or a bleeding disorder",
	triage.CI04: "Surgery in the last 3 months",
	triage.CI05: "A recent broken bone",
	triage.CI06: "Osteoporosis or thin bones",
	triage.CI07: "Wounds, rashes or skin infection",
	triage.CI08: "Pregnancy",
	triage.CI09: "Cancer now or treated this year",
	triage.CI10: "Blood pressure or heart disease not under control",
	triage.CI11: "Varicose veins or phlebitis",
	triage.CI12: "Diabetes with reduced feeling",
	triage.CI13: "Medicines that dull pain or relax muscles",
	triage.CI14: "A recent stroke or mini-stroke",
	triage.CI15: "Alcohol or drugs before the massage",
	triage.CI16: "An implanted device",
	triage.CI17: "A flare-up, or a strain in the last 72 hours",
	triage.CI18: "Hip replacement, spinal fusion or hypermobility",
}

// tierWords are each tier's heading on the result page, in plain words.
var tierWords = map[triage.Tier]string{
	triage.Emergency: "Call emergency services now",
	triage.Urgent:    "Please contact a doctor today",
	triage.Soon:      "Please see your doctor before massage",
	triage.Caution:   "You can book: your therapist will adapt the treatment",
	triage.None:      "Nothing in your answers stops you from booking",
}

// emergencyNumber is the number to call, from the client's time zone (the
// one place knead knows where a client is: their account's zone, set at
// sign-up from the browser). A zone is not a country, so the choice is by
// region: North American zones 911, the UK 999, Australia 000, New Zealand
// 111, Europe and anywhere unknown 112 — which also works from a mobile
// phone in most countries, so the page says so beside any number.
// docs/screening.md records this decision.
func emergencyNumber(zone string) (number, where string) {
	switch {
	case zone == "Europe/London" || zone == "Europe/Belfast" || zone == "GB" || zone == "Europe/Guernsey" ||
		zone == "Europe/Jersey" || zone == "Europe/Isle_of_Man":
		return "999", "the UK"
	case zone == "Pacific/Honolulu" || zone == "America/Anchorage" || strings.HasPrefix(zone, "America/") ||
		strings.HasPrefix(zone, "US/") || strings.HasPrefix(zone, "Canada/"):
		return "911", "the US and Canada"
	case strings.HasPrefix(zone, "Australia/"):
		return "000", "Australia"
	case zone == "Pacific/Auckland" || zone == "NZ":
		return "111", "New Zealand"
	}
	return "112", "Europe and most countries"
}

// Package homecare is care between sessions (issue 9): a library of
// self-care routines in knead's own words, routines a therapist assigns to
// a client in their care, the client's ticks, adherence, and the checklist
// for after a massage. Assignments and ticks are health data (self-care
// logs, domain-clinical.md DP-10): read under audit.MayRead and audited.
package homecare

import "github.com/knead/knead/internal/triage"

// LibraryVersion names this wording of the library; pages show it
// (domain-clinical.md §6 "Content governance": version every article).
const LibraryVersion = "2026-11.1"

// Caution is a reason to leave a routine out. Rules are the screening
// flags (domain-clinical.md §1.3, §2.2) that make it one: a client whose
// latest screening flags any of them is not offered the routine. A
// caution without rules is advice the screening does not ask about.
type Caution struct {
	Text  string
	Rules []triage.ID
}

// Routine is one self-care routine of the library. Slug is its stable ID.
type Routine struct {
	Slug, Title, Summary string
	Steps                []string
	HowLong, HowOften    string
	Feel                 string   // what it should feel like
	StopIf               []string // stop and do not carry on
	Cautions             []Caution
	Source               string // where the content follows domain-clinical.md
}

// Stretch cautions shared by the movement routines (§6 "Gentle stretching":
// pregnancy, osteoporosis and recent surgery need a clinician's advice; a
// fracture of the spine goes with osteoporosis).
var movementCautions = []Caution{
	{"Not while you have osteoporosis or a fracture of the spine unless a clinician has shown you how: bending the spine under load is what to avoid.", []triage.ID{triage.CI05, triage.CI06}},
	{"Not in the first weeks after surgery unless your surgeon or physiotherapist has said so.", []triage.ID{triage.CI04}},
	{"In pregnancy, ask your midwife or doctor first.", []triage.ID{triage.CI08}},
}

// pressureCautions are the foam roller's and the ball's (§6: avoid with a
// clot, blood thinners, thin bones or varicose veins: CI-01/03/06/11; a
// fracture or fresh surgery is the same kind of risk: CI-04, CI-05).
var pressureCautions = []Caution{
	{"Not if you have had a blood clot, or take a blood thinner or bruise easily.", []triage.ID{triage.CI01, triage.CI03}},
	{"Not with osteoporosis, thin bones or a fracture.", []triage.ID{triage.CI05, triage.CI06}},
	{"Not over varicose veins.", []triage.ID{triage.CI11}},
	{"Not near a recent surgery site.", []triage.ID{triage.CI04}},
}

var stopMovement = []string{
	"a sharp or stabbing pain",
	"pain that spreads down a leg",
	"numbness, tingling or pins and needles",
}

// Library lists every routine, in the order pages show them.
var Library = []Routine{
	{Slug: "foam-roller-upper-back", Title: "Foam roller for the upper back",
		Summary: "Roll slowly over the muscles of the upper and middle back, where the ribs give support.",
		Steps: []string{
			"Sit on the floor with the roller behind you, across your back just below the shoulder blades.",
			"Cross your arms over your chest or support your head with your hands, elbows forward.",
			"Lift your hips a little and let your feet move you, rolling slowly up towards the shoulders and back down.",
			"Pause for a few breaths on a tight spot, then move on.",
			"Stop rolling where the ribs end. Never roll the lower back.",
		},
		HowLong: "1 to 2 minutes", HowOften: "Once a day, or as your therapist says",
		Feel:   "Firm pressure that eases as you breathe out. Tender is fine; painful is not.",
		StopIf: []string{"a sharp pain", "tingling in the arms or hands", "dizziness"},
		Cautions: append([]Caution{
			{"Never roll the lower (lumbar) back: it has no ribs to support it, rolling bends it backwards and presses over the kidneys.", nil},
		}, pressureCautions...),
		Source: "domain-clinical.md §6 Foam roller"},
	{Slug: "ball-beside-spine", Title: "Tennis ball for the glutes and low back",
		Summary: "Lean on a tennis ball to ease tender spots in the buttocks and the muscles beside, never on, the spine.",
		Steps: []string{
			"Stand with your back to a wall, or lie on the floor, with the ball between you and the surface.",
			"Place the ball in the buttock, or in the muscle a hand's width to the side of the spine.",
			"Lean into it gently until you find a tender spot.",
			"Hold there and breathe slowly for 30 to 60 seconds, then move to the next spot.",
			"Keep the ball off the spine itself, off bone and away from the soft area just below the lowest ribs at the sides.",
		},
		HowLong: "30 to 60 seconds a spot, up to 5 minutes", HowOften: "Once a day, or as your therapist says",
		Feel:   "A deep ache that softens while you hold. It should never be sharp.",
		StopIf: []string{"tingling or shooting pain, especially down a leg", "a sharp pain"},
		Cautions: append([]Caution{
			// CI-19 applies to everyone, so it is a caution, never an exclusion.
			{"Never on the spine, on bone or over the kidney area below the lowest ribs (CI-19, for everyone).", nil},
		}, pressureCautions...),
		Source: "domain-clinical.md §6 Tennis / massage ball; CI-19"},
	{Slug: "knee-to-chest", Title: "Knee to chest",
		Summary: "Lying on your back, bring one knee at a time towards your chest to stretch the low back and buttock.",
		Steps: []string{
			"Lie on your back on the floor or a firm bed, knees bent, feet flat.",
			"Hold behind one knee with both hands and draw it gently towards your chest.",
			"Keep the other foot on the floor and your head relaxed.",
			"Hold for 20 to 30 seconds, breathing slowly, then lower it.",
			"Change legs. Do each leg 2 or 3 times.",
		},
		HowLong: "About 3 minutes", HowOften: "2 or 3 times a day",
		Feel:   "A gentle stretch in the low back and the buttock, within comfort.",
		StopIf: stopMovement,
		Cautions: append([]Caution{
			{"Not after a hip replacement or spinal fusion unless your surgeon allows deep hip bends.", []triage.ID{triage.CI18}},
		}, movementCautions...),
		Source: "domain-clinical.md §6 Gentle stretching; CI-18"},
	{Slug: "cat-cow", Title: "Cat-cow",
		Summary: "On hands and knees, round and then gently hollow your back, slowly, to move the whole spine.",
		Steps: []string{
			"Kneel on all fours, hands under your shoulders and knees under your hips.",
			"Breathe out and round your back towards the ceiling, letting your head drop.",
			"Breathe in and let your belly sink a little as you lift your gaze, without forcing it.",
			"Move slowly between the two, 8 to 10 times.",
		},
		HowLong: "About 1 minute", HowOften: "2 or 3 times a day",
		Feel:   "Easy movement through the back, like a stretch after waking up.",
		StopIf: stopMovement,
		Cautions: append([]Caution{
			{"If kneeling hurts your knees, put a folded towel under them.", nil},
		}, movementCautions...),
		Source: "domain-clinical.md §6 Gentle stretching"},
	{Slug: "childs-pose", Title: "Child's pose",
		Summary: "Sit back towards your heels with your arms forward to stretch the back gently.",
		Steps: []string{
			"Kneel on all fours, knees about hip-width apart.",
			"Sit your hips back towards your heels as far as is comfortable.",
			"Reach your arms forward and rest your forehead on the floor or a cushion.",
			"Breathe slowly for 20 to 30 seconds, then come back up to all fours.",
			"Repeat 2 or 3 times.",
		},
		HowLong: "About 2 minutes", HowOften: "2 or 3 times a day",
		Feel:   "A soft stretch along the back and the sides. Your hips need not reach your heels.",
		StopIf: stopMovement,
		Cautions: append([]Caution{
			{"Not after a hip replacement unless your surgeon allows deep hip bends.", []triage.ID{triage.CI18}},
		}, movementCautions...),
		Source: "domain-clinical.md §6 Gentle stretching; CI-18"},
	{Slug: "pelvic-tilts", Title: "Pelvic tilts",
		Summary: "Lying on your back, gently flatten and release the curve of your low back.",
		Steps: []string{
			"Lie on your back, knees bent, feet flat and hip-width apart.",
			"Breathe out and tighten your tummy muscles so your low back presses gently into the floor.",
			"Hold for about 5 seconds, then relax and let the small curve come back.",
			"Repeat 10 times.",
		},
		HowLong: "About 2 minutes", HowOften: "2 or 3 times a day",
		Feel:   "A light effort in the tummy and a gentle movement in the low back.",
		StopIf: stopMovement,
		Cautions: append([]Caution{
			{"Later in pregnancy, lying flat on your back is not advised: ask your midwife for a side-lying or standing version.", []triage.ID{triage.CI08}},
		}, movementCautions...),
		Source: "domain-clinical.md §6 Gentle stretching; CI-08"},
	{Slug: "heat", Title: "Heat",
		Summary: "A warm pack or heat pad on the sore area for short-term relief.",
		Steps: []string{
			"Use a heat pad, wheat bag or hot-water bottle that is warm, not hot.",
			"Put a towel or cloth between it and your skin.",
			"Rest with it on the sore area for 15 to 20 minutes.",
			"Take it off and check your skin. Then keep moving gently.",
		},
		HowLong: "15 to 20 minutes", HowOften: "Up to 3 or 4 times a day",
		Feel:   "Pleasant warmth and muscles that loosen. Never burning.",
		StopIf: []string{"the skin stings, burns or turns very red", "the pain gets worse"},
		Cautions: []Caution{
			{"Never fall asleep on a heat pad, and always keep a layer between the heat and your skin.", nil},
			{"Not on skin that is numb or has reduced feeling, for example from diabetes: you may not feel a burn.", []triage.ID{triage.CI12}},
			{"Not on broken or irritated skin, a rash or a wound.", []triage.ID{triage.CI07}},
			{"Not right after a fresh injury or during an inflammatory flare-up.", []triage.ID{triage.CI17}},
		},
		Source: "domain-clinical.md §6 Heat (French 2006; ACP 2017)"},
	{Slug: "cold", Title: "Cold",
		Summary: "A wrapped cold pack for comfort. The evidence for cold in back pain is thin; use it if it helps you.",
		Steps: []string{
			"Wrap an ice pack or a bag of frozen peas in a thin towel.",
			"Place it on the sore area. Never put ice straight on the skin.",
			"Leave it for up to 15 minutes, then take it off.",
			"Let the skin warm up fully before using it again.",
		},
		HowLong: "Up to 15 minutes", HowOften: "Up to 3 or 4 times a day",
		Feel:   "Cold, then a dull numbness. It should not be painful.",
		StopIf: []string{"the skin turns white, blotchy or hurts", "you start to shiver"},
		Cautions: []Caution{
			{"Not if you have Raynaud's or are very sensitive to cold.", nil},
			{"Not on skin that is numb or has reduced feeling: you may not feel cold damage.", []triage.ID{triage.CI12}},
			{"Not on broken or irritated skin, a rash or a wound.", []triage.ID{triage.CI07}},
		},
		Source: "domain-clinical.md §6 Cold (French 2006)"},
}

var bySlug = func() map[string]*Routine {
	m := map[string]*Routine{}
	for i := range Library {
		m[Library[i].Slug] = &Library[i]
	}
	return m
}()

// Find returns the routine with slug, or false.
func Find(slug string) (Routine, bool) {
	r, ok := bySlug[slug]
	if !ok {
		return Routine{}, false
	}
	return *r, true
}

// Rules lists every screening flag that leaves the routine out.
func (r Routine) Rules() []triage.ID {
	var out []triage.ID
	for _, c := range r.Cautions {
		out = append(out, c.Rules...)
	}
	return out
}

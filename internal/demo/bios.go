package demo

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// Bios are 2–4 first-person sentences: an opener, a line about the
// therapist's main back-pain focus, and one or two of a technique line, a
// pressure line and a closing line. Placeholders: {town}, {years},
// {languages}, {physio}.

var bioOpeners = []string{
	"I've been treating back pain in {town} for {years}.",
	"I'm a massage therapist in {town} and have spent {years} working mostly with people whose backs hurt.",
	"For {years} my practice in {town} has been built around one thing: backs that hurt.",
	"I came to massage after back trouble of my own, and I've been helping clients in {town} with theirs for {years}.",
	"Most people I see in {town} arrive with a sore back and leave moving more easily; I've been doing this for {years}.",
	"Back pain is the reason most of my clients book, and after {years} in practice it's the work I like best.",
	"I've spent {years} learning what helps a painful back, most of it with clients here in {town}.",
	"People usually find me in {town} when their back has been bothering them for a while; I've worked with them for {years}.",
}

var bioFocus = map[string][]string{
	"low_back": {
		"Much of my work is with low back pain from long days at a desk or on your feet.",
		"I see a lot of stubborn low back pain, the kind that flares after lifting, gardening or a long drive.",
		"Low back pain is most of what I treat, and I pay as much attention to the hips and glutes as to the back itself.",
	},
	"upper_back": {
		"I often work on the upper back and between the shoulder blades, where screen work leaves people tight.",
		"Tight upper backs from laptops and phones are a big part of my week.",
	},
	"neck": {
		"Neck and shoulder tension, and the headaches that come with it, are a big part of my work.",
		"Many clients come to me with stiff necks that won't turn fully; we work slowly and it usually eases.",
	},
	"sciatica": {
		"I have a lot of experience with sciatica-type pain down the leg, and I work gently around the irritated area rather than into it.",
		"Clients with sciatica find I take it slowly and check in often about what they feel down the leg.",
	},
	"pregnancy": {
		"I also see pregnant clients with back pain, using side-lying positions and plenty of cushions.",
		"Pregnancy back pain is a special interest of mine; sessions are side-lying and unhurried.",
	},
	"sports": {
		"Runners, climbers and weekend athletes make up a good part of my clients.",
		"I work with athletes whose backs take a beating in training, from cyclists to rowers.",
	},
}

var bioTechnique = map[string][]string{
	"swedish": {
		"Sessions are mostly Swedish massage: calm, steady and never rushed.",
		"I use long, flowing Swedish strokes to help a guarded back let go.",
	},
	"deep_tissue": {
		"I use deep tissue work where it helps, always at a pressure you're comfortable with.",
		"Deep tissue is my main tool, applied slowly and with plenty of check-ins.",
	},
	"trigger_point": {
		"Trigger point therapy lets me find the knots that refer pain into your back and ease them.",
		"I look for the trigger points in the hips and shoulders that often sit behind back pain.",
	},
	"thai": {
		"I trained in traditional Thai massage, so expect assisted stretches on a floor mat, fully clothed.",
		"Thai massage sessions combine gentle stretching with pressure along the back and legs.",
	},
}

// bioPressure is indexed by pressureBand.
var bioPressure = [][]string{
	{"My touch is on the gentle side, which suits sensitive or flared-up backs.",
		"I work lightly and patiently; you never need to brace against my hands."},
	{"I can work anywhere from light to fairly firm and adjust to what you tell me.",
		"Pressure is always your call, and I'll ask about it more than once."},
	{"If you like firm pressure you'll feel at home, though I never work through sharp pain.",
		"I work firmly but slowly, so your back has time to respond."},
}

var bioClosers = []string{
	"Between sessions I'll show you a few simple stretches to keep things moving.",
	"If anything you tell me needs a doctor's look first, I'll say so.",
	"I keep notes from every session so we can see what helps over time.",
	"Please come a few minutes early to your first visit so we can talk through your history.",
	"I'm happy to work alongside your {physio} or doctor.",
	"My aim is to get you back to the things you enjoy, not to keep you coming back forever.",
}

// pressureBand sorts a pressure range into gentle, middle or firm.
func pressureBand(min, max int) int {
	switch {
	case max <= 3:
		return 0
	case min >= 3:
		return 2
	}
	return 1
}

// bio writes a profile's bio from the drawn facts.
func bio(r *rand.Rand, m *metro, town string, years int, focus, techniques, langs []string, pmin, pmax int) string {
	yearText := "a year"
	if years > 1 {
		yearText = strconv.Itoa(years) + " years"
	}
	physio := "physiotherapist"
	if m.style == styleUS {
		physio = "physical therapist"
	}
	names := make([]string, len(langs))
	for i, l := range langs {
		names[i] = langNames[l]
	}
	closers := bioClosers
	if len(langs) > 1 {
		closers = append(closers[:len(closers):len(closers)], "I work in {languages}.")
	}
	extras := []string{
		pick(r, bioTechnique[pick(r, techniques)]),
		pick(r, bioPressure[pressureBand(pmin, pmax)]),
		pick(r, closers),
	}
	r.Shuffle(len(extras), func(i, j int) { extras[i], extras[j] = extras[j], extras[i] })
	sentences := append([]string{pick(r, bioOpeners), pick(r, bioFocus[pick(r, focus)])}, extras[:r.IntN(3)]...)
	return strings.NewReplacer("{town}", town, "{years}", yearText, "{physio}", physio,
		"{languages}", andList(names)).Replace(strings.Join(sentences, " "))
}

// andList joins words as prose does: "A, B and C".
func andList(ws []string) string {
	if len(ws) < 2 {
		return strings.Join(ws, "")
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " and " + ws[len(ws)-1]
}

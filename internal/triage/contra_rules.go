package triage

// Contraindications are the conditions of domain-clinical.md §2.2, in
// order. Where §2.2 gives a range ("level 2-3") the lower level is used;
// where it leaves a column to judgement, the safer effect is chosen.
var Contraindications = []Contraindication{
	// CI-01: a suspected clot routes to urgent care (§2.2); a diagnosed one
	// means no massage until cleared.
	{ID: CI01, Tier: Urgent, Block: UntilCleared, Because: "you may have a blood clot",
		Question: "Do you have, or has a doctor said you may have, a blood clot in a leg or lung (DVT or PE), or is one calf newly swollen, warm, red or painful?",
		Advice:   "A newly swollen, painful calf can be a blood clot: contact your doctor today. No massage until a clinician has cleared you.",
		Uses:     afterClearance("only after a clinician has cleared you, and gently (level 2), never on the legs")},
	{ID: CI02, Block: Postpone, Because: "you have a fever or an infection",
		Question: "Do you have a fever over 38 °C / 100.4 °F, an infection that affects your whole body, or a contagious illness?",
		Advice:   "Please postpone massage until you are well, then take a new screening.",
		Uses:     allOut("postpone until you are well")},
	{ID: CI03, Because: "you take a blood thinner or bruise or bleed easily",
		Question: "Do you take a blood thinner (such as warfarin, apixaban, rivaroxaban or heparin), or have a bleeding disorder or low platelets?",
		Uses: deepOut(Use{Modify, 2, "at light pressure (level 2 of 5)"},
			Use{Exclude, 0, "not advised: no sustained compression"})},
	// CI-04: §2.2 excludes deep work near the site or the spine; for back
	// pain the spine is where the work is, so it is excluded outright.
	// Recent spinal surgery is RF-12's question (soon).
	{ID: CI04, Because: "you had surgery recently",
		Question: "Have you had surgery in the last 3 months?",
		Uses: deepOut(Use{Modify, 3, "away from the surgery site"},
			Use{Exclude, 0, "not advised: stretches may load the surgery site"})},
	{ID: CI05, Because: "you have a fracture",
		Question: "Do you have a recent broken bone, or a known fracture of the spine?",
		Uses: deepOut(Use{Modify, 2, "gently (level 2 of 5), never over the fracture or on the spine"},
			Use{Exclude, 0, "not advised"})},
	{ID: CI06, Because: "you have osteoporosis or thin bones",
		Question: "Do you have osteoporosis or osteopenia (thin bones), or have you taken steroid tablets for a long time?",
		Uses: deepOut(Use{Modify, 2, "gently (level 2 of 5), no pressure on the spine or ribs, with cushions for support"},
			Use{Exclude, 0, "not advised: no rib springing, forceful stretches or joint mobilisation"})},
	{ID: CI07, Because: "you have a wound or skin condition",
		Question: "Do you have open wounds, burns, a rash, or a skin infection (such as cellulitis, shingles or a fungal infection)?",
		Advice:   "If the skin condition is contagious or widespread, please postpone massage until it has healed.",
		Uses: deepOut(Use{Modify, 3, "avoiding the affected skin"},
			Use{Exclude, 0, "not advised"})},
	{ID: CI08, Because: "you are pregnant",
		Question: "Are you pregnant?",
		Advice:   "If your pregnancy is high-risk (such as pre-eclampsia, bleeding, early labour or placenta problems), ask your midwife or doctor before massage.",
		Uses: deepOut(Use{Modify, 3, "by a therapist trained in pregnancy massage, lying on your side, not flat on your back after about 20 weeks"},
			Use{Exclude, 0, "not advised unless it is pregnancy-specific"})},
	// CI-09: §2.2 asks for clinician clearance, so a yes is soon-tier even
	// when RF-09 was answered no.
	{ID: CI09, Tier: Soon, Because: "you have cancer or had treatment for it this year",
		Question: "Do you have cancer now, have you had cancer treatment in the last 12 months, or has cancer spread to your bones?",
		Uses: deepOut(Use{Modify, 2, "by an oncology-trained therapist, gently (level 2 of 5), never over a tumour"},
			Use{Exclude, 0, "not advised"})},
	{ID: CI10, Block: UntilCleared, Because: "your blood pressure or heart condition is not under control",
		Question: "Do you have high blood pressure that is not under control, or heart disease that is unstable?",
		Advice:   "Please see your doctor before massage. When a clinician has cleared you, tell us who and when.",
		Uses:     afterClearance("only after a clinician has cleared you, and gently (level 2)")},
	{ID: CI11, Because: "you have varicose veins or inflamed veins",
		Question: "Do you have varicose veins or phlebitis (inflamed veins)?",
		Uses: map[string]Use{Swedish: {Modify, 3, "light near the veins, never over them"},
			DeepTissue: {Modify, 5, "never over the veins"}, TriggerPoint: {Modify, 5, "never over the veins"},
			Thai: {Exclude, 0, "not advised: leg compressions press on the veins"}}},
	{ID: CI12, Because: "you have reduced feeling from diabetes",
		Question: "Do you have diabetes with nerve damage or reduced feeling in your skin?",
		Uses: map[string]Use{Swedish: {Modify, 2, "lighter (level 2 of 5); your therapist watches for signs rather than relying on what you feel"},
			DeepTissue: {Modify, 4, "with caution, lighter over numb areas"}, TriggerPoint: {Modify, 4, "with caution, lighter over numb areas"},
			Thai: {Modify, 4, "with caution, lighter over numb areas"}}},
	{ID: CI13, Because: "your medicines can mask pain",
		Question: "Do you take medicines that dull pain or relax muscles (such as opioids, muscle relaxants, high-dose anti-inflammatories) or long-term steroids?",
		Uses: map[string]Use{DeepTissue: {Modify, 4, "with less pressure and frequent check-ins"},
			TriggerPoint: {Modify, 4, "with less pressure and frequent check-ins"}, Thai: {Modify, 4, "with less pressure and frequent check-ins"}}},
	{ID: CI14, Block: UntilCleared, Because: "you had a stroke or mini-stroke recently",
		Question: "Have you had a stroke or a mini-stroke (TIA) in the last 3 months, or do you have narrowed neck arteries (carotid disease)?",
		Advice:   "Please see your doctor before massage. When a clinician has cleared you, tell us who and when.",
		Uses:     afterClearance("only after a clinician has cleared you, gently (level 2), never on the neck")},
	{ID: CI15, Block: Postpone, Because: "you will have had alcohol or drugs",
		Question: "Will you have drunk alcohol or taken recreational drugs before your massage?",
		Advice:   "Please come to massage sober: postpone, then take a new screening.",
		Uses:     allOut("postpone until you are sober")},
	{ID: CI16, Because: "you have an implanted device",
		Question: "Do you have an implanted device, such as a spinal cord stimulator, a pain pump or a pacemaker?",
		Uses: map[string]Use{Swedish: {Modify, 3, "avoiding the device site"}, DeepTissue: {Modify, 5, "never at the device site"},
			TriggerPoint: {Modify, 5, "never at the device site"}, Thai: {Modify, 5, "never at the device site"}}},
	{ID: CI17, Because: "you have a fresh strain or a flare-up",
		Question: "Do you have a flare-up of an inflammatory condition (such as rheumatoid arthritis or gout), or a strain or sprain in the last 72 hours?",
		Uses: map[string]Use{Swedish: {Modify, 3, "around the sore area, not on it"}, DeepTissue: {Modify, 5, "never on the sore area"},
			TriggerPoint: {Modify, 5, "never on the sore area"}, Thai: {Exclude, 0, "not advised"}}},
	// CI-18: §2.2's "Thai adds passive stretching" makes it an exclusion.
	{ID: CI18, Because: "you have a hip replacement, spinal fusion or very flexible joints",
		Question: "Do you have a hip replacement, a spinal fusion, or joints that are very flexible (hypermobility)?",
		Uses: map[string]Use{DeepTissue: {Modify, 5, "with care over the joint or fusion"}, TriggerPoint: {Modify, 5, "with care over the joint or fusion"},
			Thai: {Exclude, 0, "not advised: no deep hip bends or spinal twists"}}},
	// CI-19 is anatomy, not a question: below the 12th rib beside the spine
	// lie the kidneys, so every client's guidance carries it.
	{ID: CI19, Always: true, Because: "the kidney area of the lower back is delicate for everyone",
		Uses: map[string]Use{Swedish: {Modify, 3, "no tapping or heavy pressure over the kidney area"},
			DeepTissue:   {Modify, 5, "no heavy point pressure over the kidney area"},
			TriggerPoint: {Modify, 5, "no heavy point pressure over the kidney area"},
			Thai:         {Modify, 5, "no heel or knee compression over the kidney area"}}},
}

var contraByID = func() map[ID]Contraindication {
	m := map[ID]Contraindication{}
	for _, c := range Contraindications {
		m[c.ID] = c
	}
	return m
}()

// General lists the general contraindications, those that block booking
// (§2.1 "no massage at all"; API.md).
func General() []ID {
	var out []ID
	for _, c := range Contraindications {
		if c.Block != NoBlock {
			out = append(out, c.ID)
		}
	}
	return out
}

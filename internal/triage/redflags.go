package triage

// RedFlag is one question of domain-clinical.md §1.3. A "yes" raises Tier;
// "not sure" counts as yes, except on an emergency-tier question, where it
// counts as urgent (§1.2): the client is told to see a doctor today rather
// than to call an ambulance for a symptom they are unsure of.
type RedFlag struct {
	ID       ID
	Question string // plain words, asked of the client
	Tier     Tier   // what a yes means on its own
	Advice   string // added to the tier's advice when flagged, if any
}

// Emergency reports whether a yes to the question means emergency.
func (f RedFlag) Emergency() bool { return f.Tier == Emergency }

// RedFlags are the questions asked, in order. RF-19 is not asked: it is
// computed from the date of birth (see Evaluate).
var RedFlags = []RedFlag{
	{ID: RF01, Tier: Emergency, Question: "Since your back pain started, have you had new numbness, tingling or loss of feeling between your legs, around your genitals or bottom, or in the area that would touch a bicycle saddle?"},
	{ID: RF02, Tier: Emergency, Question: "Have you had new trouble starting to pee, a weak flow, or not being able to tell when your bladder is full?"},
	{ID: RF03, Tier: Emergency, Question: "Have you recently leaked urine or stool, or lost control of your bladder or bowels, without another known cause?"},
	{ID: RF04, Tier: Emergency, Question: "Have you noticed a new change in sexual function, such as loss of feeling in the genitals or new trouble getting an erection?"},
	{ID: RF05, Tier: Emergency, Question: "Do you have pain, tingling, numbness or weakness in both legs?"},
	{ID: RF06, Tier: Urgent, Question: "Is weakness in a leg or foot getting worse, or do you have a new foot drop (your foot slaps or catches, you trip) or new difficulty walking?",
		Advice: "If the weakness is getting worse over hours, go to an emergency department now."},
	{ID: RF07, Tier: Emergency, Question: "Did your back pain start after a serious accident, such as a car crash, a fall from a height, or a hard blow to the back?"},
	{ID: RF08, Tier: Urgent, Question: "Did a sudden, severe back pain start after a minor fall, lift or twist, and do you have osteoporosis, or have you taken steroid tablets (such as prednisone) for more than 3 months?"},
	{ID: RF09, Tier: Soon, Question: "Have you ever been diagnosed with cancer (other than minor skin cancer)?"},
	{ID: RF10, Tier: Urgent, Question: "Have you lost weight without trying in the last 6 months (roughly 5 kg / 10 lb or more)?"},
	{ID: RF11, Tier: Urgent, Question: "Do you have a fever (38 °C / 100.4 °F or higher), chills or shivering, or do you feel generally very unwell?"},
	{ID: RF12, Tier: Soon, Question: "Do you inject drugs, have a weakened immune system (HIV, chemotherapy, transplant, long-term steroids or biologic drugs), or have you had a recent serious infection, urine infection, or spinal surgery or injection?"},
	{ID: RF13, Tier: Emergency, Question: "Along with the back pain, do you have chest pain, shortness of breath, or a throbbing or pulsing feeling in your belly?"},
	{ID: RF14, Tier: Urgent, Question: "Is the pain constant and severe, not eased at all by rest or changing position, or worse at night so that it wakes you?"},
	// RF-15 is caution alone (§1.3's recorded decision: upper-back tension
	// is a common reason to seek massage); combinations raise it.
	{ID: RF15, Tier: Caution, Question: "Is the pain mainly in your upper back, between the shoulder blades, rather than your lower back?",
		Advice: "Upper-back pain is common and often muscular; if it is constant, wakes you at night or comes with feeling unwell, see your doctor."},
	{ID: RF16, Tier: Urgent, Question: "Have you noticed a new lump or swelling on your back, or has the shape of your back changed?"},
	// RF-17: §1.3 suggests making it configurable (it is common in simple
	// sciatica); until a clinician signs that off it stays urgent, the safer
	// choice.
	{ID: RF17, Tier: Urgent, Question: "Is the pain made much worse by coughing, sneezing or opening your bowels?"},
	{ID: RF18, Tier: Soon, Question: "Is this the first time ever you have had back pain, and are you aged 50 or over?"},
	{ID: RF20, Tier: Soon, Question: "Are you under 45, has your back pain built up gradually over more than 3 months, and is it stiff in the morning for more than 30 minutes, better with movement but not with rest?",
		Advice: "This pattern can be inflammatory back pain; your doctor may refer you to a rheumatologist."},
	{ID: RF21, Tier: Caution, Question: "Has this episode lasted more than 6 weeks without any improvement, or is it steadily getting worse, and no clinician has checked it?",
		Advice: "Pain that has not improved in 6 weeks is worth a review by your doctor or a physiotherapist."},
}

// minorAdvice is RF-19's: knead is for adults (NICE NG59 covers people
// aged 16 and over; self-booking is for 18 and over).
const minorAdvice = "knead is for adults: people under 18 cannot book here themselves. Please ask a parent or guardian to talk to your doctor about your back pain."

// AdultAge is the age from which a client may book for themself (RF-19).
const AdultAge = 18

var redFlagByID = func() map[ID]RedFlag {
	m := map[ID]RedFlag{}
	for _, f := range RedFlags {
		m[f.ID] = f
	}
	return m
}()

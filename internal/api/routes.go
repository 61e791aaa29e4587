package api

import (
	"strconv"

	"github.com/knead/knead/internal/authz"
)

// Register adds the API's routes to the router, each with its access rule.
func (s *Server) Register(rt *authz.Router) {
	rt.Handle("GET /api/openapi.json", authz.Public, serveOpenAPI)
	rt.Handle("POST /api/v1/accounts", authz.Public, s.idempotent(s.createAccount))
	rt.Handle("POST /api/v1/tokens", authz.Public, s.idempotent(s.createToken))
	rt.Handle("DELETE /api/v1/tokens/current", authz.SignedIn, s.deleteCurrentToken)
	rt.Handle("GET /api/v1/me", authz.SignedIn, s.me)

	// Therapist set-up.
	rt.Handle("PUT /api/v1/me/profile", authz.Therapists, s.putProfile)
	rt.Handle("PUT /api/v1/me/photo", authz.Therapists, s.putPhoto)
	rt.Handle("DELETE /api/v1/me/photo", authz.Therapists, s.deletePhoto)
	rt.Handle("POST /api/v1/me/locations", authz.Therapists, s.idempotent(s.createLocation))
	rt.Handle("POST /api/v1/me/services", authz.Therapists, s.idempotent(s.createService))
	rt.Handle("PUT /api/v1/me/hours", authz.Therapists, s.putHours)
	rt.Handle("POST /api/v1/me/extra-hours", authz.Therapists, s.idempotent(s.createExtraHours))
	rt.Handle("POST /api/v1/me/time-off", authz.Therapists, s.idempotent(s.createTimeOff))
	rt.Handle("PUT /api/v1/me/booking-rules", authz.Therapists, s.putRules)
	rt.Handle("PUT /api/v1/me/locations/{id}", authz.Therapists, s.putLocation)
	rt.Handle("DELETE /api/v1/me/locations/{id}", authz.Therapists, s.remove(s.Practice.RemoveLocation))
	rt.Handle("PUT /api/v1/me/services/{id}", authz.Therapists, s.putService)
	rt.Handle("DELETE /api/v1/me/services/{id}", authz.Therapists, s.remove(s.Practice.RemoveService))
	rt.Handle("GET /api/v1/me/extra-hours", authz.Therapists, s.listExtraHours)
	rt.Handle("DELETE /api/v1/me/extra-hours/{id}", authz.Therapists, s.remove(s.Practice.RemoveExtraHours))
	rt.Handle("GET /api/v1/me/time-off", authz.Therapists, s.listTimeOff)
	rt.Handle("DELETE /api/v1/me/time-off/{id}", authz.Therapists, s.remove(s.Practice.RemoveTimeOff))
	rt.Handle("POST /api/v1/me/credentials", authz.Therapists, s.idempotent(s.createCredential))
	rt.Handle("GET /api/v1/me/credentials", authz.Therapists, s.listCredentials)
	rt.Handle("PUT /api/v1/me/credentials/{id}/document", authz.Therapists, s.putDocument)
	rt.Handle("GET /api/v1/me/credentials/{id}/document", authz.Therapists, s.getDocument)

	// Site admin.
	rt.Handle("GET /api/v1/admin/credentials", authz.Admins, s.listQueue)
	rt.Handle("GET /api/v1/admin/credentials/{id}/document", authz.Admins, s.getDocument)
	rt.Handle("POST /api/v1/admin/credentials/{id}/verify", authz.Admins, s.idempotent(s.verifyCredential))
	rt.Handle("POST /api/v1/admin/credentials/{id}/reject", authz.Admins, s.idempotent(s.rejectCredential))

	// Directory and slots.
	rt.Handle("GET /api/v1/therapists", authz.Public, s.searchTherapists)
	rt.Handle("GET /api/v1/therapists/{id}", authz.Public, s.getTherapist)
	rt.Handle("GET /api/v1/therapists/{id}/slots", authz.Public, s.getSlots)

	// Booking.
	bookers := authz.Role(authz.RoleClient, authz.RoleTherapist)
	rt.Handle("POST /api/v1/appointments", bookers, s.idempotent(s.createAppointment))
	rt.Handle("GET /api/v1/appointments", bookers, s.listAppointments)
	rt.Handle("GET /api/v1/appointments/{id}", authz.SignedIn, s.getAppointment)
	rt.Handle("POST /api/v1/appointments/{id}/cancel", authz.SignedIn, s.idempotent(s.cancelAppointment))
	rt.Handle("POST /api/v1/appointments/{id}/reschedule", authz.SignedIn, s.idempotent(s.rescheduleAppointment))
	rt.Handle("POST /api/v1/appointments/{id}/no-show", authz.Therapists, s.idempotent(s.markNoShow))
	rt.Handle("POST /api/v1/appointments/{id}/check-in", bookers, s.idempotent(s.takeCheckIn))
	rt.Handle("GET /api/v1/appointments/{id}/check-in", bookers, s.getCheckIn)
	rt.Handle("POST /api/v1/appointments/{id}/refer", authz.Therapists, s.idempotent(s.refer))
	rt.Handle("POST /api/v1/series", bookers, s.idempotent(s.createSeries))
	rt.Handle("POST /api/v1/series/{id}/cancel", authz.SignedIn, s.idempotent(s.cancelSeries))

	// Calendar files and the personal feed (its URL is served by web).
	rt.Handle("GET /api/v1/appointments/{id}/ics", authz.SignedIn, s.getAppointmentICS)
	rt.Handle("GET /api/v1/series/{id}/ics", authz.SignedIn, s.getSeriesICS)
	rt.Handle("POST /api/v1/me/calendar-feed", bookers, s.idempotent(s.createCalendarFeed))
	rt.Handle("DELETE /api/v1/me/calendar-feed", bookers, s.deleteCalendarFeed)

	// Waitlist.
	rt.Handle("POST /api/v1/waitlist", authz.Clients, s.idempotent(s.joinWaitlist))
	rt.Handle("GET /api/v1/waitlist", authz.Clients, s.listWaitlist)
	rt.Handle("DELETE /api/v1/waitlist/{id}", authz.Clients, s.leaveWaitlist)
	rt.Handle("POST /api/v1/waitlist/offers/{id}/accept", authz.Clients, s.idempotent(s.acceptOffer))
	rt.Handle("POST /api/v1/waitlist/offers/{id}/decline", authz.Clients, s.idempotent(s.declineOffer))

	// Safety screening (API.md) and who read it: the client's own only.
	rt.Handle("POST /api/v1/me/screenings", authz.Clients, s.idempotent(s.takeScreening))
	rt.Handle("GET /api/v1/me/screenings/latest", authz.Clients, s.latestScreening)
	rt.Handle("GET /api/v1/me/screenings/{id}", authz.Clients, s.getScreening)
	rt.Handle("POST /api/v1/me/screenings/{id}/clearance", authz.Clients, s.idempotent(s.clearScreening))
	rt.Handle("GET /api/v1/clients/{id}/screenings/latest", authz.SignedIn, s.clientScreening)
	rt.Handle("GET /api/v1/me/audit", authz.Clients, s.listAudit)

	// Outcomes (issue 9): the diary and measures are the client's; a
	// therapist in care reads the diary (audit.MayRead decides).
	rt.Handle("POST /api/v1/me/diary", authz.Clients, s.idempotent(s.addDiaryEntry))
	rt.Handle("GET /api/v1/me/diary", authz.Clients, s.myDiary)
	rt.Handle("GET /api/v1/clients/{id}/diary", authz.Therapists, s.clientDiary)
	rt.Handle("GET /api/v1/me/progress", authz.Clients, s.myProgress)
	rt.Handle("GET /api/v1/clients/{id}/progress", authz.Therapists, s.clientProgress)
	rt.Handle("GET /api/v1/me/measures", authz.Clients, s.myMeasures)
	rt.Handle("POST /api/v1/me/measures", authz.Clients, s.idempotent(s.answerMeasure))
	rt.Handle("POST /api/v1/appointments/{id}/pain", bookers, s.idempotent(s.setSessionPain))
	// Home care (issue 9): a client's routines, and their therapist's view.
	// Anyone else, admins included, is answered not-found by the service.
	rt.Handle("GET /api/v1/me/care", authz.Clients, s.myCare)
	rt.Handle("POST /api/v1/me/care/{id}/done", authz.Clients, s.idempotent(s.careDone))
	rt.Handle("GET /api/v1/clients/{id}/care", authz.SignedIn, s.clientCare)
	rt.Handle("POST /api/v1/clients/{id}/care", authz.SignedIn, s.idempotent(s.assignCare))
	rt.Handle("DELETE /api/v1/clients/{id}/care/{routine}", authz.SignedIn, s.removeCare)
	// Intake (health data: reads audited); a therapist reads a client's in care.
	rt.Handle("GET /api/v1/me/intake", authz.Clients, s.myIntake)
	rt.Handle("PUT /api/v1/me/intake", authz.Clients, s.putIntake)
	rt.Handle("PUT /api/v1/me/intake/steps/{step}", authz.Clients, s.putIntakeStep)
	rt.Handle("POST /api/v1/me/intake/submit", authz.Clients, s.idempotent(s.submitIntake))
	rt.Handle("GET /api/v1/clients/{id}/intake", authz.SignedIn, s.clientIntake)
	rt.Handle("GET /api/v1/instruments", authz.SignedIn, s.listInstruments)

	rt.Handle("/api/", authz.Public, s.notFound)
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

package booking

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"time"

	"github.com/knead/knead/internal/apperr"
	"github.com/knead/knead/internal/authz"
	"github.com/knead/knead/internal/calendar"
	"github.com/knead/knead/internal/store"
)

// A feed lists the appointments of the last FeedPast and every later one.
const (
	FeedPast = 90 * 24 * time.Hour
	// feedLimit bounds one feed's size; a therapist's would reach it only
	// with years of sessions booked ahead.
	feedLimit = 5000
	// FeedPath is where feed URLs live: FeedPath + token + ".ics".
	FeedPath = "/calendar/"
	// feedTokenLen is the length of a token: 32 random bytes in unpadded
	// base64url.
	feedTokenLen = 43
)

var errNoFeed = apperr.ErrNotFound.With("No calendar feed has this address; it may have been replaced or turned off.")

// NewFeed makes a new secret feed URL for the actor; their previous URL
// stops working. Only the token's SHA-256 is stored, so the URL is shown
// this once.
func (c *Calendar) NewFeed(ctx context.Context, actor *authz.Principal) (string, error) {
	if err := feedOwner(actor); err != nil {
		return "", err
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	token := base64.RawURLEncoding.EncodeToString(b)
	if err := store.ReplaceCalendarFeed(ctx, c.s.db.W(), actor.UserID, hashFeedToken(token), c.s.now()); err != nil {
		return "", err
	}
	return c.base + FeedPath + token + ".ics", nil
}

// RevokeFeed turns the actor's feed off; having none is fine.
func (c *Calendar) RevokeFeed(ctx context.Context, actor *authz.Principal) error {
	return store.DeleteCalendarFeed(ctx, c.s.db.W(), actor.UserID)
}

// FeedCreated says when the actor's current feed URL was made, and false
// when they have none.
func (c *Calendar) FeedCreated(ctx context.Context, actor *authz.Principal) (time.Time, bool, error) {
	at, err := store.CalendarFeedCreated(ctx, c.s.db.R(), actor.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return time.Time{}, false, nil
	}
	return at, err == nil, err
}

// Feed is the calendar behind a feed token: its owner's appointments as
// single UTC events, cancelled ones marked so. An unknown, replaced or
// revoked token is not-found.
func (c *Calendar) Feed(ctx context.Context, token string) ([]byte, error) {
	if len(token) != feedTokenLen {
		return nil, errNoFeed
	}
	u, err := store.UserByCalendarFeed(ctx, c.s.db.R(), hashFeedToken(token))
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoFeed
	}
	if err != nil {
		return nil, err
	}
	owner := &authz.Principal{UserID: u.ID, Role: u.Role}
	if feedOwner(owner) != nil {
		return nil, errNoFeed
	}
	list, err := c.s.List(ctx, owner, store.AppointmentFilter{From: c.s.now().Add(-FeedPast), Limit: feedLimit})
	if err != nil {
		return nil, err
	}
	events := make([]calendar.Event, len(list))
	for i, a := range list {
		events[i] = c.event(a, owner)
	}
	return calendar.Write(calendar.Feed{Name: "knead", Refresh: time.Hour}, events), nil
}

// feedOwner allows feeds to the people who have appointments.
func feedOwner(p *authz.Principal) error {
	if p == nil || p.Role != authz.RoleClient && p.Role != authz.RoleTherapist {
		return apperr.ErrForbidden.With("Only clients and therapists have a calendar feed.")
	}
	return nil
}

func hashFeedToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

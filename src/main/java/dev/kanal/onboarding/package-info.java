/**
 * Onboarding a client while Kanal runs: the client files' reload, which checks every file first
 * and then brings the database, the configuration and the schedules in line
 * (docs/decisions/0036).
 */
package dev.kanal.onboarding;

"""Weekly "provide value" reminders: scheduled per channel, personalised, posted exactly once.

Adapters implement `bot.reminders.ports.ReminderPoster` and register it on the scheduler;
everything else (time math, storage, content, delivery) lives here and is platform-neutral.
"""

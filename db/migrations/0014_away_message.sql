-- A visitor stepping away may leave a short note for the supporter ("back at 3 pm").
ALTER TABLE `tickets` ADD `away_message` text;

"""The pages keep no data of their own; roles live in koers.accounts."""

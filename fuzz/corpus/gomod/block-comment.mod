module x /* no */

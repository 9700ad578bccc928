<?php
/* Parley for SuiteCRM: Notes labels (en_us). */

$mod_strings['LBL_PARLEY_KEY'] = 'Parley interaction key';

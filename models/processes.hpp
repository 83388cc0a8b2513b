// Registrations of the model's processes, one per file in models/.
#pragma once

#include "sim/registry.hpp"

namespace wfsim::model {

ProcessRegistration workforce_process();    // initial workforce (week 0), newcomers' attributes
ProcessRegistration rota_process();         // days at work and in the office each week
ProcessRegistration demand_process();       // referrals, cases, pressure
ProcessRegistration contact_process();      // contact hours from co-presence
ProcessRegistration resources_process();    // supervision quality, peer support
ProcessRegistration burnout_process();      // job demands-resources burnout
ProcessRegistration uptake_process();       // evidence diffusion
ProcessRegistration absence_process();      // sickness absence spells
ProcessRegistration leaving_process();      // leaving hazard
ProcessRegistration recruitment_process();  // filling vacancies, agency cover

// Interventions (models/interventions/).
InterventionRegistration action_research_groups_intervention();
InterventionRegistration agile_working_intervention();
InterventionRegistration champion_leaves_intervention();
InterventionRegistration dictation_software_intervention();
InterventionRegistration flexitime_intervention();
InterventionRegistration hei_link_intervention();
InterventionRegistration key_worker_intervention();
InterventionRegistration peer_messages_intervention();
InterventionRegistration recruitment_paired_review_intervention();
InterventionRegistration symbolic_award_intervention();
InterventionRegistration training_programme_intervention();

}  // namespace wfsim::model

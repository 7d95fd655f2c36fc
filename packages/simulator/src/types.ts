// Names for the nested shapes of OCPP 1.6 payloads that the simulator keeps as state.
import type { IdTagInfo, Request, Response } from '@levity/core';

export type ChargingProfile = Request<'SetChargingProfile'>['csChargingProfiles'];
export type ChargingProfilePurpose = ChargingProfile['chargingProfilePurpose'];
export type ChargingSchedule = ChargingProfile['chargingSchedule'];
export type ChargingSchedulePeriod = ChargingSchedule['chargingSchedulePeriod'][number];
export type ChargingRateUnit = ChargingSchedule['chargingRateUnit'];
export type CompositeSchedule = NonNullable<Response<'GetCompositeSchedule'>['chargingSchedule']>;
export type AvailabilityType = Request<'ChangeAvailability'>['type'];
export type RegistrationStatus = Response<'BootNotification'>['status'];
export type CertificateUse = Request<'InstallCertificate'>['certificateType'];
export type CertificateHashData = Request<'DeleteCertificate'>['certificateHashData'];
export type LocalListEntry = NonNullable<Request<'SendLocalList'>['localAuthorizationList']>[number];
export type { IdTagInfo };
